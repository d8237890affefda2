var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        error_username: false,
        error_pwd: false,
        error_pwd_message: '请填写密码',
        username: '',
        password: '',
        remembered: true
    },
    methods: {
        check_username: function () {
            this.error_username = !this.username;
        },
        check_pwd: function () {
            if (!this.password) {
                this.error_pwd_message = '请填写密码';
                this.error_pwd = true;
            } else {
                this.error_pwd = false;
            }
        },
        on_submit: function () {
            this.check_username();
            this.check_pwd();
            if (this.error_username == false && this.error_pwd == false) {
                axios.post(this.host + '/login/', {
                        username: this.username,
                        password: this.password,
                        remembered: this.remembered
                    }, {
                        responseType: 'json',
                        withCredentials: true
                    })
                    .then(response => {
                        // Logged in by the session cookie; back where the user came from.
                        var return_url = get_query_string('next');
                        if (!return_url) {
                            return_url = 'index.html';
                        }
                        location.href = return_url;
                    })
                    .catch(error => {
                        if (error.response && error.response.status == 400) {
                            this.error_pwd_message = '用户名或密码错误';
                        } else {
                            this.error_pwd_message = '服务器错误';
                        }
                        this.error_pwd = true;
                    });
            }
        },
        qq_login: function () {
            var next = get_query_string('next') || '/';
            axios.get(this.host + '/qq/authorization/?next=' + next, {responseType: 'json', withCredentials: true})
                .then(response => {
                    location.href = response.data.login_url;
                })
                .catch(error => {
                    this.error_pwd_message = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                    this.error_pwd = true;
                });
        }
    }
});
