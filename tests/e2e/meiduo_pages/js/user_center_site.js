var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        username: getCookie('username'),
        is_show_edit: false,
        provinces: [],
        cities: [],
        districts: [],
        addresses: [],
        limit: 20,
        default_address_id: '',
        form_address: {
            title: '',
            receiver: '',
            province_id: '',
            city_id: '',
            district_id: '',
            place: '',
            mobile: '',
            tel: '',
            email: ''
        },
        error: ''
    },
    watch: {
        'form_address.province_id': function () {
            this.cities = [];
            this.districts = [];
            this.form_address.city_id = '';
            if (this.form_address.province_id) {
                axios.get(this.host + '/areas/?area_id=' + this.form_address.province_id, {responseType: 'json', withCredentials: true})
                    .then(response => {
                        this.cities = response.data.sub_data.subs;
                    })
                    .catch(error => {
                        console.log(error.response);
                    });
            }
        },
        'form_address.city_id': function () {
            this.districts = [];
            this.form_address.district_id = '';
            if (this.form_address.city_id) {
                axios.get(this.host + '/areas/?area_id=' + this.form_address.city_id, {responseType: 'json', withCredentials: true})
                    .then(response => {
                        this.districts = response.data.sub_data.subs;
                    })
                    .catch(error => {
                        console.log(error.response);
                    });
            }
        }
    },
    mounted: function () {
        axios.get(this.host + '/areas/', {responseType: 'json', withCredentials: true})
            .then(response => {
                this.provinces = response.data.province_list;
            })
            .catch(error => {
                console.log(error.response);
            });
        axios.get(this.host + '/addresses/', {responseType: 'json', withCredentials: true})
            .then(response => {
                this.addresses = response.data.addresses;
                this.limit = response.data.limit;
                this.default_address_id = response.data.default_address_id;
            })
            .catch(error => {
                if (error.response && error.response.status == 401) {
                    location.href = 'login.html?next=/user_center_site.html';
                } else {
                    this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                }
            });
    },
    methods: {
        show_add_site: function () {
            this.is_show_edit = true;
        },
        save_address: function () {
            this.error = '';
            // As the seed's page: the address's title is its receiver until the user renames it.
            this.form_address.title = this.form_address.receiver;
            axios.post(this.host + '/addresses/create/', this.form_address, {responseType: 'json', withCredentials: true})
                .then(response => {
                    this.addresses.splice(0, 0, response.data.address);
                    if (!this.default_address_id) {
                        this.default_address_id = response.data.address.id;
                    }
                    this.is_show_edit = false;
                })
                .catch(error => {
                    this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                });
        },
        logout: function () {
            axios.delete(this.host + '/logout/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    location.href = 'login.html';
                })
                .catch(error => {
                    this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                });
        }
    }
});
