"""Users over HTTP: SMS codes, registration, login by username or mobile, profile, e-mail."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.factories import PASSWORD, call, make_user, unique_mobile, unique_username
from tests.functional.queues import consume, outbox

pytestmark = pytest.mark.usefixtures("services")


def _request_code(client, mobile: str) -> str:
    status, body = call(client, "GET", f"/sms_codes/{mobile}/")
    assert status == 200, body
    consume("notifications", "notifications_consumer")
    codes = [m["code"] for m in outbox("sms") if m["mobile"] == mobile]
    assert codes, "the consumer wrote no SMS for this mobile"
    return codes[-1]


def _register_body(mobile: str, code: str, **overrides):
    body = {
        "username": unique_username(),
        "password": PASSWORD,
        "password2": PASSWORD,
        "mobile": mobile,
        "sms_code": code,
        "allow": True,
    }
    body.update(overrides)
    return body


def test_sms_code_is_queued_and_written_to_the_outbox_by_the_consumer(client):
    mobile = unique_mobile()
    code = _request_code(client, mobile)
    assert len(code) == 6 and code.isdigit()
    record = [m for m in outbox("sms") if m["mobile"] == mobile][-1]
    assert code in record["text"] and record["sent_at"]


def test_second_code_within_the_resend_window_is_refused(client):
    mobile = unique_mobile()
    assert call(client, "GET", f"/sms_codes/{mobile}/")[0] == 200
    status, body = call(client, "GET", f"/sms_codes/{mobile}/")
    assert (status, body["code"]) == (429, "4002")


def test_one_client_address_is_limited_per_hour(client, settings, redis_client):
    redis_client.delete("sms_ip_127.0.0.1")
    settings.sms_ip_limit_per_hour = 2
    assert call(client, "GET", f"/sms_codes/{unique_mobile()}/")[0] == 200
    assert call(client, "GET", f"/sms_codes/{unique_mobile()}/")[0] == 200
    status, body = call(client, "GET", f"/sms_codes/{unique_mobile()}/")
    redis_client.delete("sms_ip_127.0.0.1")
    assert (status, body["code"]) == (429, "4002")


def test_invalid_mobile_for_a_code_is_4007(client):
    status, body = call(client, "GET", "/sms_codes/12345/")
    assert (status, body["code"]) == (400, "4007")


def test_registration_needs_the_right_code_and_the_code_is_single_use(client):
    mobile = unique_mobile()
    code = _request_code(client, mobile)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    status, body = call(client, "POST", "/users/", _register_body(mobile, wrong))
    assert (status, body["code"]) == (400, "4008")

    status, body = call(client, "POST", "/users/", _register_body(mobile, code))
    assert status == 201, body
    assert body["mobile"] == mobile and body["token"] and body["id"] > 0 and body["user_id"] == body["id"]

    status, body = call(client, "POST", "/users/", _register_body(unique_mobile(), code))
    assert (status, body["code"]) == (400, "4008")
    status, body = call(client, "POST", "/users/", _register_body(mobile, code, username=unique_username()))
    assert (status, body["code"]) == (400, "4008")


def test_code_dies_after_too_many_wrong_guesses(client, settings):
    mobile = unique_mobile()
    code = _request_code(client, mobile)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(settings.sms_max_attempts):
        assert call(client, "POST", "/users/", _register_body(mobile, wrong))[1]["code"] == "4008"
    status, body = call(client, "POST", "/users/", _register_body(mobile, code))
    assert (status, body["code"]) == (400, "4008")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [({"password2": "another-password"}, "4006"), ({"allow": False}, "4009")],
)
def test_registration_rules_answer_the_seed_codes(client, overrides, code):
    status, body = call(client, "POST", "/users/", _register_body(unique_mobile(), "123456", **overrides))
    assert (status, body["code"]) == (400, code)


def test_duplicate_username_is_409_and_keeps_the_code(client, redis_client):
    existing = make_user()
    mobile = unique_mobile()
    code = _request_code(client, mobile)
    status, body = call(client, "POST", "/users/", _register_body(mobile, code, username=existing["username"]))
    assert (status, body["code"]) == (409, "4409")
    assert redis_client.get(f"sms_{mobile}") == code


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "abc"}, "username"),
        ({"username": "1234567"}, "username"),
        ({"password": "short"}, "password"),
        ({"mobile": "23800138000"}, "mobile"),
        ({"sms_code": 123456}, "sms_code"),
        ({"allow": "yes"}, "allow"),
        ({"username": "x" * 10_000}, "username"),
    ],
)
def test_bad_registration_fields_are_named(client, body, field):
    payload = {**_register_body(unique_mobile(), "123456"), **body}
    status, answer = call(client, "POST", "/users/", payload)
    assert status == 400 and answer["code"] == "4003"
    assert field in {e["field"] for e in answer["errors"]}


def test_malformed_json_and_missing_fields_are_400(client):
    status, body = call(client, "POST", "/users/", raw=b'{"username": ')
    assert (status, body["errors"][0]["field"]) == (400, "body")
    status, body = call(client, "POST", "/users/", {})
    assert status == 400 and {"username", "password", "mobile", "sms_code", "allow"} <= {
        e["field"] for e in body["errors"]
    }


def test_login_by_username_or_mobile_and_profile(client):
    user = make_user()
    for account in (user["username"], user["mobile"]):
        status, body = call(client, "POST", "/authorizations/", {"username": account, "password": PASSWORD})
        assert status == 200, body
        assert body["user_id"] == user["id"] and body["username"] == user["username"]
    status, body = call(client, "GET", "/info/", token=body["token"])
    assert status == 200
    assert body["info_data"] == {
        "id": user["id"],
        "username": user["username"],
        "mobile": user["mobile"],
        "email": "",
        "email_active": False,
        "avatar": None,
    }


def test_wrong_password_and_unknown_user_get_the_same_answer(client):
    user = make_user()
    wrong = call(client, "POST", "/authorizations/", {"username": user["username"], "password": "not-the-password"})
    unknown = call(client, "POST", "/authorizations/", {"username": unique_username(), "password": PASSWORD})
    # Equal but for the request id each answer carries for support.
    answers = [(status, {k: v for k, v in body.items() if k != "request_id"}) for status, body in (wrong, unknown)]
    assert answers == [(401, {"code": "4004", "errmsg": "wrong username or password"})] * 2


def test_login_is_rate_limited_per_client(client, settings, redis_client):
    settings.login_limit_per_minute = 1
    for key in redis_client.scan_iter("login_ip_*"):
        redis_client.delete(key)
    call(client, "POST", "/authorizations/", {"username": "nobody_here", "password": "x"})
    status, body = call(client, "POST", "/authorizations/", {"username": "nobody_here", "password": "x"})
    assert (status, body["code"]) == (429, "4002")


def test_profile_needs_a_valid_token(client):
    assert call(client, "GET", "/info/")[1]["code"] == "4101"
    status, body = call(client, "GET", "/info/", token="not.a.token")
    assert (status, body["code"]) == (401, "4101")


def test_counts_say_whether_a_username_or_mobile_is_taken(client):
    user = make_user()
    assert call(client, "GET", f"/usernames/{user['username']}/count/")[1]["count"] == 1
    assert call(client, "GET", f"/usernames/{unique_username()}/count/")[1]["count"] == 0
    assert call(client, "GET", f"/mobiles/{user['mobile']}/count/")[1]["count"] == 1
    assert call(client, "GET", f"/mobiles/{unique_mobile()}/count/")[1]["count"] == 0
    assert call(client, "GET", "/mobiles/abc/count/")[0] == 400


def test_email_is_verified_through_the_mailed_link(client):
    user = make_user()
    email = f"{user['username']}@example.com"
    status, _ = call(client, "PUT", "/emails/", {"email": email}, token=user["token"])
    assert status == 200
    consume("notifications", "notifications_consumer")
    link = [m for m in outbox("email") if m["to"] == email][-1]["verify_url"]
    parsed = urlparse(link)
    assert call(client, "GET", f"{parsed.path}?{parsed.query}")[0] == 200
    assert call(client, "GET", "/info/", token=user["token"])[1]["info_data"]["email_active"] is True


def test_forged_or_bad_email_input_is_rejected(client):
    user = make_user()
    assert call(client, "GET", "/emails/verification/?token=forged")[0] == 400
    status, body = call(client, "PUT", "/emails/", {"email": "not-an-email"}, token=user["token"])
    assert status == 400 and body["errors"][0]["field"] == "email"
