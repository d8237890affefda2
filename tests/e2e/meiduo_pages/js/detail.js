var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        username: getCookie('username'),
        sku_id: get_query_string('sku_id'),
        sku: null,
        sku_count: 1,
        hots: [],
        cart: [],
        cart_total_count: 0,
        cart_message: '',
        error: ''
    },
    mounted: function () {
        axios.get(this.host + '/skus/' + this.sku_id + '/', {responseType: 'json', withCredentials: true})
            .then(response => {
                this.sku = response.data.sku;
                this.get_hot_goods(this.sku.category_id);
                this.detail_visit(this.sku.category_id);
            })
            .catch(error => {
                this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
            });
        // A logged-in user's browsing history (the page reads who is logged in from the username cookie).
        if (this.username) {
            axios.post(this.host + '/browse_histories/', {sku_id: this.sku_id}, {responseType: 'json', withCredentials: true})
                .then(response => {})
                .catch(error => {
                    console.log(error.response);
                });
        }
        this.get_cart();
    },
    methods: {
        get_hot_goods: function (category_id) {
            axios.get(this.host + '/hot/' + category_id + '/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    this.hots = response.data.hot_skus;
                })
                .catch(error => {
                    console.log(error.response);
                });
        },
        detail_visit: function (category_id) {
            axios.post(this.host + '/detail/visit/' + category_id + '/', {}, {responseType: 'json', withCredentials: true})
                .then(response => {})
                .catch(error => {
                    console.log(error.response);
                });
        },
        on_add: function () {
            this.sku_count = parseInt(this.sku_count) + 1;
        },
        on_minus: function () {
            if (this.sku_count > 1) {
                this.sku_count = parseInt(this.sku_count) - 1;
            }
        },
        check_sku_count: function () {
            var count = parseInt(this.sku_count);
            this.sku_count = isNaN(count) || count < 1 ? 1 : count;
        },
        add_cart: function () {
            this.check_sku_count();
            axios.post(this.host + '/carts/', {
                    sku_id: this.sku_id,
                    count: this.sku_count
                }, {
                    responseType: 'json',
                    withCredentials: true
                })
                .then(response => {
                    this.cart_message = '添加购物车成功';
                    this.get_cart();
                })
                .catch(error => {
                    this.cart_message = error.response ? error.response.data.errmsg : '服务器错误';
                });
        },
        get_cart: function () {
            axios.get(this.host + '/carts/simple/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    this.cart = response.data.cart_skus;
                    this.cart_total_count = 0;
                    for (var i = 0; i < this.cart.length; i++) {
                        this.cart_total_count += this.cart[i].count;
                    }
                })
                .catch(error => {
                    console.log(error.response);
                });
        }
    }
});
