"""renran's user pages as the contract gives them (issue 17; the seed notes hold no client code for them).

Register.vue: is the mobile free, the captcha (Tencent's widget, then the API's check), the SMS code, register with
a nickname; Login.vue: the captcha, then log in by the mobile; the find-password page asks for a mail; the QQ
button asks for QQ's login URL. The walk knows a fresh `renran_mobile` and the new account's `renran_password`.
"""

from __future__ import annotations

from tests.e2e.front_end_calls import Call, Captcha, Outbox, Ref, Step

# What the pages keep in storage from a login and show in the header.
LOGIN = ("token", "id", "username", "nickname", "avatar")
# The ticket and randstr Tencent's widget gave the page (the e2e stack checks them: CAPTCHA_PROVIDER=tencent).
CAPTCHA = "/users/captcha/?ticket={captcha_ticket}&randstr={captcha_randstr}"

PAGES: list[Step] = [
    Call("renran Register.vue check_mobile (any error reads as taken)", "GET", "/users/mobile/{renran_mobile}/"),
    Captcha(),
    Call("renran Register.vue the captcha's callback (ticket, randstr)", "GET", CAPTCHA, reads=("detail",)),
    Call("renran Register.vue send_sms", "GET", "/users/sms/{renran_mobile}/", reads=("detail",)),
    Outbox(mobile="renran_mobile"),
    Call(
        "renran Register.vue registerHandle",
        "POST",
        "/users/",
        {
            "nickname": "renran reader",
            "mobile": Ref("renran_mobile"),
            "sms_code": Ref("sms_code"),
            "password": Ref("renran_password"),
        },
        status=201,
        reads=LOGIN,
    ),
    Captcha(),
    Call("renran Login.vue the captcha, naming the account", "GET", CAPTCHA + "&username={renran_mobile}"),
    Call(
        "renran Login.vue loginHandle (the mobile as username)",
        "POST",
        "/users/login/",
        {"username": Ref("renran_mobile"), "password": Ref("renran_password")},
        reads=LOGIN,
    ),
    Call(
        "renran find-password page (a message whether or not the address is known)",
        "GET",
        "/users/find/password/?email=nobody%40example.com",
    ),
    Call("renran Login.vue the QQ button (the URL as a bare string)", "GET", "/oauth/qq/"),
]
