var vm = new Vue({
    el: '#app',
    delimiters: ['[[', ']]'],
    data: {
        host: host,
        is_show_waiting: true,
        callback_error: '',
        access_token: '',
        next: '/',
        error_password: false,
        error_phone: false,
        error_sms_code: false,
        error_phone_message: '',
        error_sms_code_message: '',
        sms_code_tip: '获取短信验证码',
        sending_flag: false,
        password: '',
        mobile: '',
        sms_code: '',
        bind_error: ''
    },
    mounted: function () {
        // QQ sent the browser back here with ?code=...; as the seed's page, only the code goes to the API.
        var code = get_query_string('code');
        axios.get(this.host + '/oauth_callback/?code=' + code, {responseType: 'json', withCredentials: true})
            .then(response => {
                this.next = response.data.next || '/';
                if (response.data.code == '0') {
                    // A bound QQ account: logged in by the session cookie.
                    location.href = this.next;
                } else {
                    // Not bound yet: the bind form, carrying the API's access_token.
                    this.access_token = response.data.access_token;
                    this.is_show_waiting = false;
                }
            })
            .catch(error => {
                this.is_show_waiting = false;
                if (error.response) {
                    this.callback_error = error.response.status + ' ' + error.response.data.errmsg;
                } else {
                    this.callback_error = '服务器错误';
                }
            });
    },
    methods: {
        check_pwd: function () {
            var len = this.password.length;
            this.error_password = len < 8 || len > 20;
        },
        check_phone: function () {
            var re = /^1[3-9]\d{9}$/;
            if (re.test(this.mobile)) {
                this.error_phone = false;
            } else {
                this.error_phone_message = '您输入的手机号格式不正确';
                this.error_phone = true;
            }
        },
        check_sms_code: function () {
            if (!this.sms_code) {
                this.error_sms_code_message = '请填写短信验证码';
                this.error_sms_code = true;
            } else {
                this.error_sms_code = false;
            }
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
                    this.error_sms_code_message = error.response && error.response.status == 429 ? '发送短信过于频繁' : '发送短信失败';
                    this.error_sms_code = true;
                    this.sending_flag = false;
                });
        },
        on_submit: function () {
            this.check_pwd();
            this.check_phone();
            this.check_sms_code();
            if (this.error_password == false && this.error_phone == false && this.error_sms_code == false) {
                axios.post(this.host + '/oauth_callback/', {
                        password: this.password,
                        mobile: this.mobile,
                        sms_code: this.sms_code,
                        access_token: this.access_token
                    }, {
                        responseType: 'json',
                        withCredentials: true
                    })
                    .then(response => {
                        // Bound and logged in by the session cookie.
                        location.href = this.next;
                    })
                    .catch(error => {
                        if (error.response) {
                            this.bind_error = error.response.status + ' ' + error.response.data.errmsg;
                        } else {
                            this.bind_error = '服务器错误';
                        }
                    });
            }
        }
    }
});
