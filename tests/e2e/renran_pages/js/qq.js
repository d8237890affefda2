// QQ's return (via qq_callback.html): code and state from the route's query. A bound QQ account logs in; else
// the bind forms, echoing back the three values of the answer (our signed bind ticket, never QQ's own).
var QQCallback = {
    template: '#qq-callback-tpl',
    data: function () {
        return {loading: true, ticket: null, username: '', password: '', mobile: '', nickname: '', reg_password: '',
            sms_code: '', sms_sent: false, error: ''};
    },
    created: function () {
        var params = {code: this.$route.query.code, state: this.$route.query.state};
        this.$axios.get(this.$settings.Host + '/oauth/qq/user/', {params: params}).then(response => {
            this.loading = false;
            if (response.data.token) {
                this.logged_in(response.data);
            } else {
                this.ticket = response.data;
            }
        }).catch(error => {
            this.loading = false;
            this.error = error_message(error);
        });
    },
    methods: {
        logged_in: function (data) {
            store.save(data, false);
            this.$router.push('/');
        },
        echoed: function (fields) {
            var ticket = this.ticket;
            return Object.assign(fields, {openid: ticket.openid, access_token: ticket.access_token,
                refresh_token: ticket.refresh_token});
        },
        bind_login: function () {
            this.error = '';
            var body = this.echoed({username: this.username, password: this.password});
            this.$axios.post(this.$settings.Host + '/oauth/qq/login/', body).then(response => {
                this.logged_in(response.data);
            }).catch(error => {
                this.error = error_message(error);
            });
        },
        send_sms: function () {
            this.error = '';
            this.$axios.get(this.$settings.Host + '/users/sms/' + this.mobile + '/').then(() => {
                this.sms_sent = true;
            }).catch(error => {
                this.error = error_message(error);
            });
        },
        bind_register: function () {
            this.error = '';
            var body = this.echoed({mobile: this.mobile, nickname: this.nickname, sms_code: this.sms_code,
                password: this.reg_password});
            this.$axios.post(this.$settings.Host + '/oauth/qq/reg/', body).then(response => {
                this.logged_in(response.data);
            }).catch(error => {
                this.error = error_message(error);
            });
        }
    }
};
