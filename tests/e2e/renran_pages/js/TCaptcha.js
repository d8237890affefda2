// Stands in for Tencent's captcha script (https://ssl.captcha.qq.com/TCaptcha.js): `new TencentCaptcha(appId,
// callback).show()` opens the puzzle; solving it hands the callback {ret: 0, ticket, randstr, appid}, closing it
// {ret: 2}. The puzzle here is one button, and the ticket a real one from the local stand-in of Tencent's API
// (GET /ticket?aid=, which the test's static server answers at /tcaptcha/ticket), which the API then verifies.
(function () {
    function TencentCaptcha(appId, callback) {
        this.appId = appId;
        this.callback = callback;
    }

    TencentCaptcha.prototype.show = function () {
        var self = this;
        var box = document.createElement('div');
        box.id = 'tcaptcha';
        box.className = 'tcaptcha';
        box.innerHTML = '<p>请完成安全验证</p><button type="button" id="tcaptcha-solve">拖动完成拼图</button> '
            + '<button type="button" id="tcaptcha-close">×</button>';
        document.body.appendChild(box);
        box.querySelector('#tcaptcha-close').onclick = function () {
            box.remove();
            self.callback({ret: 2, ticket: ''});
        };
        box.querySelector('#tcaptcha-solve').onclick = function () {
            var xhr = new XMLHttpRequest();
            xhr.open('GET', '/tcaptcha/ticket?aid=' + encodeURIComponent(self.appId));
            xhr.onload = function () {
                box.remove();
                if (xhr.status !== 200) {
                    self.callback({ret: 2, ticket: ''});
                    return;
                }
                var solved = JSON.parse(xhr.responseText);
                self.callback({ret: 0, ticket: solved.ticket, randstr: solved.randstr, appid: self.appId});
            };
            xhr.send();
        };
    };

    window.TencentCaptcha = TencentCaptcha;
})();
