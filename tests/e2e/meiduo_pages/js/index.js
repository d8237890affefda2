var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        username: getCookie('username'),
        categories: {},
        cart: [],
        cart_total_count: 0
    },
    mounted: function () {
        axios.get(this.host + '/categories/', {responseType: 'json', withCredentials: true})
            .then(response => {
                this.categories = response.data.categories;
            })
            .catch(error => {
                console.log(error.response);
            });
        this.get_cart();
    },
    methods: {
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
        },
        logout: function () {
            axios.delete(this.host + '/logout/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    location.href = 'login.html';
                })
                .catch(error => {
                    console.log(error.response);
                });
        }
    }
});
