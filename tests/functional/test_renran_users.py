"""Renran's user pages over HTTP: is a mobile free, SMS codes, register with a nickname, log in (400 when wrong)."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.users import repository as users
from tests.factories import PASSWORD, call, make_user, unique_mobile, unique_username
from tests.functional.queues import consume, outbox

pytestmark = pytest.mark.usefixtures("services")


def _code_for(client, mobile: str) -> str:
    status, body = call(client, "GET", f"/users/sms/{mobile}/")
    assert (status, body["detail"]) == (200, "SMS code sent"), body
    consume("notifications", "notifications_consumer")
    return [m["code"] for m in outbox("sms") if m["mobile"] == mobile][-1]


def _register(client, mobile: str, code: str, **overrides: Any) -> tuple[int, dict[str, Any]]:
    body = {"nickname": "小明", "mobile": mobile, "sms_code": code, "password": PASSWORD, **overrides}
    return call(client, "POST", "/users/", body)


def test_the_mobile_check_answers_200_when_free_and_400_when_taken_or_malformed(client):
    assert call(client, "GET", f"/users/mobile/{unique_mobile()}/")[0] == 200
    status, body = call(client, "GET", f"/users/mobile/{make_user()['mobile']}/")
    assert (status, body["errors"]) == (400, [{"field": "mobile", "message": "taken"}])
    assert call(client, "GET", "/users/mobile/12345/")[1]["code"] == "4007"


def test_sms_codes_keep_the_resend_flag_of_sms_codes(client):
    mobile = unique_mobile()
    assert len(_code_for(client, mobile)) == 6
    # The same flag as GET /sms_codes/: one path does not reset the other's 60 seconds
    assert call(client, "GET", f"/users/sms/{mobile}/")[1]["code"] == "4002"
    assert call(client, "GET", f"/sms_codes/{mobile}/")[0] == 429


def test_renran_registers_with_a_nickname_named_after_the_mobile_and_logged_in(client):
    mobile = unique_mobile()
    status, body = _register(client, mobile, _code_for(client, mobile))
    assert status == 201, body
    assert {k: body[k] for k in ("username", "nickname", "avatar")} == {
        "username": mobile,
        "nickname": "小明",
        "avatar": None,
    }
    assert body["id"] > 0 and body["token"]
    assert call(client, "GET", "/info/", token=body["token"])[1]["info_data"]["mobile"] == mobile
    stored = users.get_user(body["id"])
    assert stored is not None and stored.nickname == "小明"
    # The mobile is now taken, for both pages' checks
    assert call(client, "GET", f"/users/mobile/{mobile}/")[0] == 400
    assert call(client, "GET", f"/mobiles/{mobile}/count/")[1]["count"] == 1


def test_a_code_is_single_use_and_a_wrong_one_is_4008(client):
    mobile = unique_mobile()
    code = _code_for(client, mobile)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert _register(client, mobile, wrong)[1]["code"] == "4008"
    assert _register(client, mobile, code)[0] == 201
    assert _register(client, mobile, code)[1]["code"] == "4008"


def test_a_taken_mobile_is_409_and_keeps_the_code(client, redis_client):
    mobile = unique_mobile()
    code = _code_for(client, mobile)
    assert _register(client, mobile, code)[0] == 201
    redis_client.set(f"sms_{mobile}", code)  # a new code for the same mobile
    status, body = _register(client, mobile, code, nickname="another")
    assert (status, body["code"], body["errors"]) == (409, "4409", [{"field": "mobile", "message": "taken"}])
    assert redis_client.get(f"sms_{mobile}") == code


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nickname": "   "}, "nickname"),
        ({"nickname": "n" * 21}, "nickname"),
        ({"nickname": "bad\x00name"}, "nickname"),
        ({"password": "short"}, "password"),
        ({"mobile": "23800138000"}, "mobile"),
        ({"sms_code": "12345"}, "sms_code"),
    ],
)
def test_renran_fields_are_checked_and_named(client, overrides, field):
    body = {"nickname": "n", "mobile": unique_mobile(), "sms_code": "123456", "password": PASSWORD} | overrides
    status, body = call(client, "POST", "/users/", body)
    assert (status, body["code"], [e["field"] for e in body["errors"]]) == (400, "4003", [field])


def test_meiduos_body_still_answers_meiduos_fields(client):
    mobile = unique_mobile()
    body = {"username": unique_username(), "password": PASSWORD, "password2": PASSWORD, "mobile": mobile}
    status, answer = call(client, "POST", "/users/", body | {"sms_code": _code_for(client, mobile), "allow": True})
    assert status == 201 and answer["mobile"] == mobile and answer["user_id"] == answer["id"]
    assert "nickname" not in answer


def test_login_by_username_or_mobile_answers_what_renrans_pages_keep(client):
    mobile = unique_mobile()
    registered = _register(client, mobile, _code_for(client, mobile), nickname="Renran Reader")[1]
    status, body = call(client, "POST", "/users/login/", {"username": mobile, "password": PASSWORD})
    assert status == 200, body
    assert {k: body[k] for k in ("id", "username", "nickname", "avatar")} == {
        "id": registered["id"],
        "username": mobile,
        "nickname": "Renran Reader",
        "avatar": None,
    }
    assert call(client, "GET", "/info/", token=body["token"])[0] == 200
    meiduo = make_user()
    status, body = call(client, "POST", "/users/login/", {"username": meiduo["username"], "password": PASSWORD})
    assert (status, body["id"], body["nickname"]) == (200, meiduo["id"], None)


def test_a_wrong_password_or_unknown_account_is_the_same_400(client):
    user = make_user()
    wrong = call(client, "POST", "/users/login/", {"username": user["username"], "password": "not-the-password"})
    unknown = call(client, "POST", "/users/login/", {"username": unique_username(), "password": PASSWORD})
    answers = [(status, {k: v for k, v in body.items() if k != "request_id"}) for status, body in (wrong, unknown)]
    assert answers == [(400, {"code": "4004", "errmsg": "wrong username or password"})] * 2


def test_login_has_the_limits_of_authorizations(client, settings, redis_client):
    # Per account: the failures allowed, then a lock that even the right password waits out
    user = make_user()
    for _ in range(settings.login_account_failures):
        assert call(client, "POST", "/users/login/", {"username": user["mobile"], "password": "wrong-one"})[0] == 400
    status, body = call(client, "POST", "/users/login/", {"username": user["mobile"], "password": PASSWORD})
    assert (status, body["code"]) == (429, "4002")
    # Per client address, shared with POST /authorizations/
    settings.login_limit_per_minute = 1
    for key in redis_client.scan_iter("login_ip_*"):
        redis_client.delete(key)
    call(client, "POST", "/authorizations/", {"username": "nobody_here", "password": "x"})
    status, body = call(client, "POST", "/users/login/", {"username": "nobody_here", "password": "x"})
    for key in redis_client.scan_iter("login_ip_*"):
        redis_client.delete(key)
    assert (status, body["code"]) == (429, "4002")
