var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        order_id: get_query_string('order_id'),
        amount: get_query_string('amount'),
        pay_method: get_query_string('pay'),
        error: ''
    },
    methods: {
        next_operate: function () {
            if (this.pay_method == 1) {
                location.href = 'index.html';
                return;
            }
            // Alipay: the API signs the page-pay request; the browser goes to Alipay's cashier with it.
            axios.get(this.host + '/payment/' + this.order_id + '/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    location.href = response.data.alipay_url;
                })
                .catch(error => {
                    this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                });
        }
    }
});
