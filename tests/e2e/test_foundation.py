"""The foundation's acceptance path, tried as a new user would against the running local stack."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, LocalStack

pytestmark = pytest.mark.e2e
MOBILE = "13800138000"


def _wait_for_code(stack: LocalStack, mobile: str, seconds: float) -> tuple[str, float]:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        codes = [m["code"] for m in stack.outbox("sms") if m["mobile"] == mobile]
        if codes:
            return codes[-1], time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"no SMS for {mobile} in the outbox after {seconds} s")


def test_health_answers_ok(stack: LocalStack):
    assert stack.request("GET", "/health/") == (200, {"code": "0", "errmsg": "OK", "dynamodb": "ok", "redis": "ok"})


def test_register_and_log_in_with_an_sms_code(stack: LocalStack):
    # Given a code requested for a fresh mobile, delivered by the queue consumer through the pump
    assert stack.request("GET", f"/sms_codes/{MOBILE}/")[0] == 200
    code, _ = _wait_for_code(stack, MOBILE, seconds=2.0)
    status, body = stack.request("GET", f"/sms_codes/{MOBILE}/")
    assert (status, body["code"]) == (429, "4002")

    # When registering with a wrong code, then the right one, then the right one again
    form = {"username": "e2e_user", "password": "e2e-password", "password2": "e2e-password", "mobile": MOBILE}
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    status, body = stack.request("POST", "/users/", {**form, "sms_code": wrong, "allow": True})
    assert (status, body["code"]) == (400, "4008")
    status, body = stack.request("POST", "/users/", {**form, "sms_code": code, "allow": True})
    assert status == 201 and body["token"]
    again = {**form, "username": "e2e_user2", "sms_code": code, "allow": True}
    status, body = stack.request("POST", "/users/", again)
    assert (status, body["code"]) == (400, "4008")

    # Then the mobile logs in as the username, and the token opens the profile
    status, body = stack.request("POST", "/authorizations/", {"username": MOBILE, "password": "e2e-password"})
    assert status == 200 and body["username"] == "e2e_user"
    status, info = stack.request("GET", "/info/", token=body["token"])
    assert status == 200 and info["info_data"]["mobile"] == MOBILE
    status, body = stack.request("GET", "/info/")
    assert (status, body["code"]) == (401, "4101")


def test_demo_users_own_their_addresses(stack: LocalStack):
    tokens = {}
    for name in ("demo1", "demo2"):
        status, body = stack.request("POST", "/authorizations/", {"username": name, "password": DEMO_PASSWORD})
        assert status == 200, body
        tokens[name] = body["token"]
    form = {"receiver": "王五", "province_id": 110000, "city_id": 110100, "district_id": 110101}
    form |= {"place": "东长安街", "mobile": "13900000001"}
    status, body = stack.request("POST", "/addresses/create/", form, token=tokens["demo1"])
    assert status == 201 and body["address"]["district"] == "东城区"
    address_id = body["address"]["id"]
    status, body = stack.request("PUT", f"/addresses/{address_id}/title/", {"title": "x"}, token=tokens["demo2"])
    assert (status, body["code"]) == (404, "4404")


def test_email_link_arrives_through_the_pump_and_verifies(stack: LocalStack):
    token = stack.request("POST", "/authorizations/", {"username": "demo3", "password": DEMO_PASSWORD})[1]["token"]
    assert stack.request("PUT", "/emails/", {"email": "demo3@example.com"}, token=token)[0] == 200
    deadline = time.monotonic() + 5
    links: list[str] = []
    while not links and time.monotonic() < deadline:
        links = [m["verify_url"] for m in stack.outbox("email") if m["to"] == "demo3@example.com"]
        time.sleep(0.05)
    assert links, "no verification mail"
    path = links[-1].split(stack.base_url, 1)[1]
    assert stack.request("GET", path)[0] == 200
    assert stack.request("GET", "/info/", token=token)[1]["info_data"]["email_active"] is True
