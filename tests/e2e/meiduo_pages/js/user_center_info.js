var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        username: getCookie('username'),
        info_username: '',
        mobile: '',
        email: '',
        email_active: false,
        histories: [],
        error: ''
    },
    mounted: function () {
        axios.get(this.host + '/info/', {responseType: 'json', withCredentials: true})
            .then(response => {
                this.info_username = response.data.info_data.username;
                this.mobile = response.data.info_data.mobile;
                this.email = response.data.info_data.email;
                this.email_active = response.data.info_data.email_active;
                // The user's recently browsed SKUs, newest first.
                axios.get(this.host + '/browse_histories/', {responseType: 'json', withCredentials: true})
                    .then(response => {
                        this.histories = response.data.skus;
                    })
                    .catch(error => {
                        console.log(error.response);
                    });
            })
            .catch(error => {
                if (error.response && error.response.status == 401) {
                    // Not logged in (or the session ended): log in, then come back.
                    location.href = 'login.html?next=/user_center_info.html';
                } else {
                    this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                }
            });
    },
    methods: {
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
