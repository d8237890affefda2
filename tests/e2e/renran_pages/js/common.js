// What every view shares, as renran's main.js sets it up: this.$settings and this.$axios, the token kept in
// localStorage (remembered) or sessionStorage and sent as `Authorization: jwt <token>` by each call that needs it.
// No call sends credentials (no withCredentials): the pages hold no cookie.
Vue.prototype.$settings = settings;
Vue.prototype.$axios = axios;

var store = {
    names: ['user_token', 'user_id', 'user_name', 'user_nickname', 'user_avatar'],
    get: function (name) {
        return localStorage.getItem(name) || sessionStorage.getItem(name) || '';
    },
    save: function (data, remember) {
        this.clear();
        var storage = remember ? localStorage : sessionStorage;
        storage.setItem('user_token', data.token);
        storage.setItem('user_id', data.id);
        storage.setItem('user_name', data.username);
        storage.setItem('user_nickname', data.nickname || '');
        storage.setItem('user_avatar', data.avatar || '');
    },
    clear: function () {
        for (var i = 0; i < this.names.length; i++) {
            localStorage.removeItem(this.names[i]);
            sessionStorage.removeItem(this.names[i]);
        }
    }
};

// The message to show for a failed call: the field's message where the API names one, else its errmsg.
function error_message(error) {
    var data = error.response && error.response.data;
    if (data && data.errors && data.errors.length) {
        return data.errors[0].message;
    }
    return data && data.errmsg ? data.errmsg : '服务器错误';
}

Vue.mixin({
    methods: {
        token: function () {
            return store.get('user_token');
        },
        auth: function () {
            return {Authorization: 'jwt ' + this.token()};
        },
        // Tencent's captcha, then the API's check of its ticket; `then` runs once the API says it passed.
        captcha: function (username, then, fail) {
            var self = this;
            var captcha = new TencentCaptcha(this.$settings.TC_captcha.app_id, function (res) {
                if (res.ret !== 0) {
                    return;
                }
                var params = {ticket: res.ticket, randstr: res.randstr};
                if (username) {
                    params.username = username;
                }
                self.$axios.get(self.$settings.Host + '/users/captcha/', {params: params})
                    .then(function (response) {
                        if (response.data.detail) {
                            then();
                        }
                    })
                    .catch(function (error) {
                        fail('验证码校验失败: ' + error_message(error));
                    });
            });
            captcha.show();
        }
    }
});
