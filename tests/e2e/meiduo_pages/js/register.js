var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        error_name: false,
        error_password: false,
        error_check_password: false,
        error_phone: false,
        error_allow: false,
        error_sms_code: false,
        error_name_message: '',
        error_phone_message: '',
        error_sms_code_message: '',
        sms_code_tip: '获取短信验证码',
        sending_flag: false,
        username: '',
        password: '',
        password2: '',
        mobile: '',
        sms_code: '',
        allow: false,
        register_error: ''
    },
    methods: {
        check_username: function () {
            var re = /^[a-zA-Z0-9_-]{5,20}$/;
            if (!re.test(this.username) || /^\d+$/.test(this.username)) {
                this.error_name_message = '请输入5-20个字符的用户名';
                this.error_name = true;
                return;
            }
            this.error_name = false;
            axios.get(this.host + '/usernames/' + this.username + '/count/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    if (response.data.count > 0) {
                        this.error_name_message = '用户名已存在';
                        this.error_name = true;
                    } else {
                        this.error_name = false;
                    }
                })
                .catch(error => {
                    console.log(error.response);
                });
        },
        check_pwd: function () {
            var len = this.password.length;
            this.error_password = len < 8 || len > 20;
        },
        check_cpwd: function () {
            this.error_check_password = this.password != this.password2;
        },
        check_phone: function () {
            var re = /^1[3-9]\d{9}$/;
            if (!re.test(this.mobile)) {
                this.error_phone_message = '您输入的手机号格式不正确';
                this.error_phone = true;
                return;
            }
            this.error_phone = false;
            axios.get(this.host + '/mobiles/' + this.mobile + '/count/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    if (response.data.count > 0) {
                        this.error_phone_message = '手机号已存在';
                        this.error_phone = true;
                    } else {
                        this.error_phone = false;
                    }
                })
                .catch(error => {
                    console.log(error.response);
                });
        },
        check_sms_code: function () {
            if (!this.sms_code) {
                this.error_sms_code_message = '请填写短信验证码';
                this.error_sms_code = true;
            } else {
                this.error_sms_code = false;
            }
        },
        check_allow: function () {
            this.error_allow = !this.allow;
        },
        send_sms_code: function () {
            if (this.sending_flag == true) {
                return;
            }
            this.sending_flag = true;
            this.check_phone();
            if (this.error_phone == true) {
                this.sending_flag = false;
                return;
            }
            axios.get(this.host + '/sms_codes/' + this.mobile + '/', {responseType: 'json', withCredentials: true})
                .then(response => {
                    var num = 60;
                    var t = setInterval(() => {
                        if (num == 1) {
                            clearInterval(t);
                            this.sms_code_tip = '获取短信验证码';
                            this.sending_flag = false;
                        } else {
                            num -= 1;
                            this.sms_code_tip = num + '秒';
                        }
                    }, 1000);
                })
                .catch(error => {
                    if (error.response && error.response.status == 429) {
                        this.error_sms_code_message = '发送短信过于频繁';
                    } else {
                        this.error_sms_code_message = '发送短信失败';
                    }
                    this.error_sms_code = true;
                    this.sending_flag = false;
                });
        },
        on_submit: function () {
            this.check_pwd();
            this.check_cpwd();
            this.check_sms_code();
            this.check_allow();
            if (this.error_name == false && this.error_password == false && this.error_check_password == false
                && this.error_phone == false && this.error_sms_code == false && this.error_allow == false) {
                axios.post(this.host + '/register/', {
                        username: this.username,
                        password: this.password,
                        password2: this.password2,
                        mobile: this.mobile,
                        sms_code: this.sms_code,
                        allow: this.allow.toString()
                    }, {
                        responseType: 'json',
                        withCredentials: true
                    })
                    .then(response => {
                        // Registered and logged in by the session cookie the answer set.
                        location.href = 'index.html';
                    })
                    .catch(error => {
                        if (error.response && error.response.status == 400) {
                            this.register_error = '注册失败：' + error.response.data.errmsg;
                        } else if (error.response) {
                            this.register_error = error.response.status + ' ' + error.response.data.errmsg;
                        } else {
                            this.register_error = '服务器错误';
                        }
                    });
            }
        }
    }
});
