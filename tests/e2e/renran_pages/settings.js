// What a deployment of these pages changes (renran's src/settings.js, read as this.$settings): where the API is,
// and the CaptchaAppId Tencent's script is opened with. The browser test serves its own copy naming its stack.
var settings = {
    Host: 'http://127.0.0.1:8000',
    TC_captcha: {app_id: '190000001'}
};
