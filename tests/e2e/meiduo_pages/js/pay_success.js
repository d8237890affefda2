var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        trade_id: '',
        error: ''
    },
    mounted: function () {
        // Alipay sent the browser back here with its signed parameters: the API checks them and records the payment.
        var query_string = document.location.search;
        axios.put(this.host + '/payment/status/' + query_string, {}, {responseType: 'json', withCredentials: true})
            .then(response => {
                this.trade_id = response.data.trade_id;
            })
            .catch(error => {
                this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
            });
    }
});
