var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        username: getCookie('username'),
        cat: get_query_string('cat'),
        page: 1,
        page_size: 5,
        ordering: '-create_time',
        count: 0,
        skus: [],
        hots: [],
        cat1: '',
        cat2: '',
        cat3: '',
        error: ''
    },
    computed: {
        page_nums: function () {
            var nums = [];
            for (var i = 1; i <= this.count; i++) {
                nums.push(i);
            }
            return nums;
        }
    },
    mounted: function () {
        this.get_skus();
        this.get_hot_goods();
    },
    methods: {
        get_skus: function () {
            axios.get(this.host + '/list/' + this.cat + '/skus/', {
                    params: {page: this.page, page_size: this.page_size, ordering: this.ordering},
                    responseType: 'json',
                    withCredentials: true
                })
                .then(response => {
                    this.count = response.data.count;
                    this.skus = response.data.list;
                    this.cat1 = response.data.breadcrumb.cat1;
                    this.cat2 = response.data.breadcrumb.cat2;
                    this.cat3 = response.data.breadcrumb.cat3;
                })
                .catch(error => {
                    this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                });
        },
        get_hot_goods: function () {
            axios.get(this.host + '/hot/' + this.cat + '/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    this.hots = response.data.hot_skus;
                })
                .catch(error => {
                    console.log(error.response);
                });
        },
        on_sort: function (ordering) {
            if (ordering != this.ordering) {
                this.page = 1;
                this.ordering = ordering;
                this.get_skus();
            }
        },
        on_page: function (num) {
            if (num != this.page) {
                this.page = num;
                this.get_skus();
            }
        }
    }
});
