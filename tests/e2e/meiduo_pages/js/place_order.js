var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        order_submitting: false,
        pay_method: 2,
        nowsite: '',
        addresses: [],
        skus: [],
        freight: 0,
        total_count: 0,
        total_amount: 0,
        payment_amount: 0,
        error: ''
    },
    mounted: function () {
        axios.get(this.host + '/orders/settlement/', {responseType: 'json', withCredentials: true})
            .then(response => {
                var context = response.data.context;
                this.addresses = context.addresses;
                this.skus = context.skus;
                this.freight = context.freight;
                this.total_count = context.total_count;
                this.total_amount = context.total_amount;
                this.payment_amount = context.payment_amount;
                // The default address, preselected.
                this.nowsite = context.nowsite;
            })
            .catch(error => {
                if (error.response && error.response.status == 401) {
                    location.href = 'login.html?next=/place_order.html';
                } else {
                    this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                }
            });
    },
    methods: {
        on_order_submit: function () {
            if (!this.nowsite) {
                this.error = '请补充收货地址';
                return;
            }
            if (this.order_submitting == false) {
                this.order_submitting = true;
                axios.post(this.host + '/orders/commit/', {
                        address_id: this.nowsite,
                        pay_method: this.pay_method
                    }, {
                        responseType: 'json',
                        withCredentials: true
                    })
                    .then(response => {
                        location.href = 'order_success.html?order_id=' + response.data.order_id
                            + '&amount=' + this.payment_amount + '&pay=' + this.pay_method;
                    })
                    .catch(error => {
                        this.order_submitting = false;
                        if (error.response && error.response.status == 401) {
                            location.href = 'login.html?next=/place_order.html';
                        } else {
                            this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                        }
                    });
            }
        }
    }
});
