var Home = {
    template: '#home-tpl',
    data: function () {
        return {banner_list: [], current: 0, nav_header_list: [], nav_footer_list: [], article_list: [], error: ''};
    },
    created: function () {
        var host = this.$settings.Host;
        // DRF's list views: the body itself is the list
        this.$axios.get(host + '/banner/').then(response => {
            this.banner_list = response.data;
        }).catch(error => {
            this.error = error_message(error);
        });
        this.$axios.get(host + '/nav/header/').then(response => {
            this.nav_header_list = response.data;
        }).catch(error => {
            this.error = error_message(error);
        });
        this.$axios.get(host + '/nav/footer/').then(response => {
            this.nav_footer_list = response.data;
        }).catch(error => {
            this.error = error_message(error);
        });
        var options = this.token() ? {headers: this.auth()} : {};
        this.$axios.get(host + '/push/article/', Object.assign({params: {size: 10}}, options)).then(response => {
            this.article_list = response.data.results;
        }).catch(error => {
            this.error = error_message(error);
        });
    },
    methods: {
        href: function (nav) {
            return nav.is_http ? nav.link : '#' + nav.link;
        },
        show: function (index) {
            var count = this.banner_list.length;
            this.current = count ? (index + count) % count : 0;
        }
    }
};
