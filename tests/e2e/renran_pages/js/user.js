var Register = {
    template: '#register-tpl',
    data: function () {
        return {nickname: '', mobile: '', password: '', sms_code: '', mobile_error: '', sms_tip: '获取验证码',
            sms_sent: false, error: ''};
    },
    methods: {
        check_mobile: function () {
            this.mobile_error = '';
            if (!/^1[3-9]\d{9}$/.test(this.mobile)) {
                this.mobile_error = '手机号格式不正确';
                return;
            }
            // Any error reads as taken, as renran's page does
            this.$axios.get(this.$settings.Host + '/users/mobile/' + this.mobile + '/').catch(() => {
                this.mobile_error = '该手机号已经被注册';
            });
        },
        send_sms: function () {
            if (this.sms_sent || this.mobile_error || !this.mobile) {
                return;
            }
            this.error = '';
            this.captcha('', () => {
                this.$axios.get(this.$settings.Host + '/users/sms/' + this.mobile + '/').then(() => {
                    this.sms_sent = true;
                    this.sms_tip = '短信已发送';
                }).catch(error => {
                    this.error = error_message(error);
                });
            }, message => {
                this.error = message;
            });
        },
        register: function () {
            this.error = '';
            var body = {nickname: this.nickname, mobile: this.mobile, sms_code: this.sms_code, password: this.password};
            this.$axios.post(this.$settings.Host + '/users/', body).then(response => {
                store.save(response.data, false);
                this.$router.push('/');
            }).catch(error => {
                this.error = error_message(error);
            });
        }
    }
};

var Login = {
    template: '#login-tpl',
    data: function () {
        return {username: '', password: '', remember: false, error: ''};
    },
    methods: {
        login: function () {
            this.error = '';
            // renran's Login.vue: the captcha first (naming the account), then the login itself
            this.captcha(this.username, () => {
                var body = {username: this.username, password: this.password};
                this.$axios.post(this.$settings.Host + '/users/login/', body).then(response => {
                    store.save(response.data, this.remember);
                    this.$router.push(this.$route.query.redirect || '/');
                }).catch(error => {
                    var status = error.response ? error.response.status : 0;
                    this.error = status === 400 ? '用户名或密码错误' : error_message(error);
                });
            }, message => {
                this.error = message;
            });
        },
        qq_login: function () {
            // The QQ login URL, as a bare string
            this.$axios.get(this.$settings.Host + '/oauth/qq/').then(response => {
                location.href = response.data;
            }).catch(error => {
                this.error = error_message(error);
            });
        }
    }
};

var FindPassword = {
    template: '#find-password-tpl',
    data: function () {
        return {email: '', message: '', error: ''};
    },
    methods: {
        find: function () {
            this.error = this.message = '';
            this.$axios.get(this.$settings.Host + '/users/find/password/', {params: {email: this.email}})
                .then(response => {
                    this.message = response.data;
                }).catch(error => {
                    this.error = error_message(error);
                });
        }
    }
};

var ResetPassword = {
    template: '#reset-password-tpl',
    data: function () {
        return {access_token: this.$route.query.access_token || '', email: '', password: '', password2: '',
            error: ''};
    },
    created: function () {
        // The mail's link: the page learns whose password it resets
        this.$axios.post(this.$settings.Host + '/users/find/password/', {access_token: this.access_token})
            .then(response => {
                this.email = response.data.email;
            }).catch(error => {
                this.error = error_message(error);
            });
    },
    methods: {
        reset: function () {
            this.error = '';
            var body = {access_token: this.access_token, password: this.password, password2: this.password2};
            this.$axios.put(this.$settings.Host + '/users/find/password/', body).then(() => {
                store.clear();
                this.$router.push({path: '/login', query: {reset: '1'}});
            }).catch(error => {
                this.error = error_message(error);
            });
        }
    }
};
