var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        username: getCookie('username'),
        old_pwd: '',
        new_pwd: '',
        new_cpwd: '',
        error_new_pwd: false,
        error_new_cpwd: false,
        error: ''
    },
    methods: {
        check_new_pwd: function () {
            var len = this.new_pwd.length;
            this.error_new_pwd = len < 8 || len > 20;
        },
        check_new_cpwd: function () {
            this.error_new_cpwd = this.new_pwd != this.new_cpwd;
        },
        save_pwd: function () {
            this.check_new_pwd();
            this.check_new_cpwd();
            if (this.error_new_pwd || this.error_new_cpwd) {
                return;
            }
            axios.put(this.host + '/password/', {
                    old_password: this.old_pwd,
                    new_password: this.new_pwd,
                    new_password2: this.new_cpwd
                }, {
                    responseType: 'json',
                    withCredentials: true
                })
                .then(response => {
                    // Every session of the user ended: log in again with the new password.
                    location.href = 'login.html';
                })
                .catch(error => {
                    if (error.response && error.response.status == 401) {
                        location.href = 'login.html?next=/user_center_pass.html';
                    } else {
                        this.error = error.response ? error.response.status + ' ' + error.response.data.errmsg : '服务器错误';
                    }
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
