var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        username: getCookie('username'),
        cart: [],
        error: ''
    },
    computed: {
        total_count: function () {
            var total = 0;
            for (var i = 0; i < this.cart.length; i++) {
                total += parseInt(this.cart[i].count);
            }
            return total;
        },
        total_selected_count: function () {
            var total = 0;
            for (var i = 0; i < this.cart.length; i++) {
                if (this.cart[i].selected) {
                    total += parseInt(this.cart[i].count);
                }
            }
            return total;
        },
        total_selected_amount: function () {
            var total = 0;
            for (var i = 0; i < this.cart.length; i++) {
                if (this.cart[i].selected) {
                    total += parseFloat(this.cart[i].amount);
                }
            }
            return total.toFixed(2);
        },
        selected_all: function () {
            return this.cart.length > 0 && this.cart.every(sku => sku.selected);
        }
    },
    mounted: function () {
        axios.get(this.host + '/carts/', {responseType: 'json', withCredentials: true})
            .then(response => {
                this.cart = response.data.cart_skus;
            })
            .catch(error => {
                this.error = error.response ? error.response.data.errmsg : '服务器错误';
            });
    },
    methods: {
        update_count: function (index, count, selected) {
            axios.put(this.host + '/carts/', {
                    sku_id: this.cart[index].id,
                    count: count,
                    selected: selected
                }, {
                    responseType: 'json',
                    withCredentials: true
                })
                .then(response => {
                    this.cart[index].count = response.data.cart_sku.count;
                    this.cart[index].selected = response.data.cart_sku.selected;
                    this.cart[index].amount = response.data.cart_sku.amount;
                })
                .catch(error => {
                    this.error = error.response ? error.response.data.errmsg : '服务器错误';
                });
        },
        on_input: function (index) {
            var count = parseInt(this.cart[index].count);
            this.update_count(index, isNaN(count) || count < 1 ? 1 : count, this.cart[index].selected);
        },
        update_selected: function (index) {
            this.update_count(index, this.cart[index].count, this.cart[index].selected);
        },
        on_selected_all: function () {
            var selected = !this.selected_all;
            axios.put(this.host + '/carts/selection/', {selected: selected}, {responseType: 'json', withCredentials: true})
                .then(response => {
                    for (var i = 0; i < this.cart.length; i++) {
                        this.cart[i].selected = selected;
                    }
                })
                .catch(error => {
                    this.error = error.response ? error.response.data.errmsg : '服务器错误';
                });
        },
        on_delete: function (index) {
            axios.delete(this.host + '/carts/', {
                    data: {sku_id: this.cart[index].id},
                    responseType: 'json',
                    withCredentials: true
                })
                .then(response => {
                    this.cart.splice(index, 1);
                })
                .catch(error => {
                    this.error = error.response ? error.response.data.errmsg : '服务器错误';
                });
        },
        on_settle: function () {
            // Settlement needs a user: the page asks for a login first, and comes back here after it.
            location.href = this.username ? 'place_order.html' : 'login.html?next=/place_order.html';
        }
    }
});
