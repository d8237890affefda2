"""GET /users/captcha/ over the app, with Tencent's DescribeCaptchaResult played by the local stand-in over HTTP."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import pytest

from chalicelib.captcha.settings import CaptchaSettings, get_captcha_settings
from devstack.captcha_authority import CaptchaAuthority
from devstack.captcha_server import CaptchaServer, start_for_stack
from devstack.redis_server import free_port
from tests.factories import call

pytestmark = pytest.mark.usefixtures("services")

APP_ID, OTHER_APP = 190000042, 190000043
KEYS = {"SecretId": "AKIDtestcaptcha0001", "SecretKey": "captcha-test-secret-key", "AppSecretKey": "app-key-42"}


@pytest.fixture(scope="module")
def stand_in() -> Iterator[CaptchaServer]:
    """The local DescribeCaptchaResult on a free port, knowing our app, another app and our API key."""
    apps = {APP_ID: KEYS["AppSecretKey"], OTHER_APP: "app-key-43"}
    server = CaptchaServer(free_port(), CaptchaAuthority(apps, {KEYS["SecretId"]: KEYS["SecretKey"]}))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def captcha(stand_in: CaptchaServer, redis_client: Any) -> Iterator[CaptchaSettings]:
    """The app's captcha settings: Tencent at the stand-in, generous limits; restored after each test."""
    live = get_captcha_settings()
    saved = live.model_dump()
    values = {"captcha_provider": "tencent", "captcha_app_id": APP_ID, "captcha_keys": json.dumps(KEYS)}
    values |= {"captcha_endpoint": stand_in.url, "captcha_timeout_seconds": 2.0}
    values |= {"captcha_ip_limit_per_minute": 1000, "captcha_account_limit_per_minute": 1000}
    for name, value in values.items():
        setattr(live, name, value)
    for key in redis_client.scan_iter("captcha_*"):
        redis_client.delete(key)
    yield live
    for name, value in saved.items():
        setattr(live, name, value)


def _check(client, ticket: str, randstr: str, **extra: str) -> tuple[int, dict[str, Any]]:
    return call(client, "GET", f"/users/captcha/?{urlencode({'ticket': ticket, 'randstr': randstr, **extra})}")


def _refused(answer: tuple[int, dict[str, Any]], status: int = 400, code: str = "4003") -> None:
    assert (answer[0], answer[1]["code"]) == (status, code), answer
    if status == 400:
        assert [e["field"] for e in answer[1]["errors"]] == ["ticket"]


def test_a_solved_captcha_passes_once(client, stand_in):
    ticket, randstr = stand_in.authority.issue(APP_ID)
    assert _check(client, ticket, randstr) == (200, {"code": "0", "errmsg": "OK", "detail": True})
    _refused(_check(client, ticket, randstr))  # Tencent's 9: reused


def test_a_ticket_from_the_stand_ins_ticket_page_passes(client, stand_in):
    # What a developer does with `make run` and CAPTCHA_PROVIDER=tencent: GET /ticket stands in for the widget
    with urllib.request.urlopen(f"{stand_in.url}/ticket?aid={APP_ID}", timeout=5) as page:
        solved = json.loads(page.read())
    assert _check(client, solved["ticket"], solved["randstr"])[0] == 200


@pytest.mark.parametrize("garbage", ["garbage", "tr0" + "x" * 200, "<script>", "0"])
def test_a_ticket_tencent_never_issued_is_refused(client, garbage):
    _refused(_check(client, garbage, "@abc"))


def test_another_randstr_or_another_apps_ticket_is_refused(client, stand_in):
    ticket, _ = stand_in.authority.issue(APP_ID)
    _refused(_check(client, ticket, "@not-its-randstr"))
    other, randstr = stand_in.authority.issue(OTHER_APP)
    _refused(_check(client, other, randstr))


def test_an_expired_ticket_is_refused(client, stand_in):
    ticket, randstr = stand_in.authority.issue(APP_ID)
    stand_in.authority.ticket_ttl_seconds = -1
    try:
        expired, expired_randstr = stand_in.authority.issue(APP_ID)
    finally:
        stand_in.authority.ticket_ttl_seconds = 300
    _refused(_check(client, expired, expired_randstr))
    assert _check(client, ticket, randstr)[0] == 200


def test_wrong_keys_are_a_502_and_missing_ones_a_503(client, captcha, stand_in):
    ticket, randstr = stand_in.authority.issue(APP_ID)
    captcha.captcha_keys = json.dumps({**KEYS, "SecretKey": "not-the-key"})
    _refused(_check(client, ticket, randstr), 502, "5020")  # the stand-in refused our signature
    captcha.captcha_keys = ""
    _refused(_check(client, ticket, randstr), 503, "5030")
    captcha.captcha_keys = json.dumps(KEYS)
    assert _check(client, ticket, randstr)[0] == 200  # a refused call spent nothing


def test_an_unreachable_provider_is_a_503(client, captcha):
    captcha.captcha_endpoint = f"http://127.0.0.1:{free_port()}"
    _refused(_check(client, "tr0whatever", "@abc"), 503, "5030")


class _Garbage(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = b"<html>not Tencent</html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_provider_answering_garbage_is_a_502(client, captcha):
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        captcha.captcha_endpoint = f"http://127.0.0.1:{server.server_address[1]}"
        _refused(_check(client, "tr0whatever", "@abc"), 502, "5020")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("provider", ["tencent", "off"])
def test_disaster_recovery_tickets_pass_only_when_the_setting_allows(client, captcha, provider):
    # Given a provider nobody can reach: a disaster-recovery ticket is never sent out either way
    captcha.captcha_provider, captcha.captcha_endpoint = provider, f"http://127.0.0.1:{free_port()}"
    ticket = f"terror_1001_{APP_ID}_1764950000"
    _refused(_check(client, ticket, "@xyz"))
    captcha.captcha_allow_disaster_tickets = True
    assert _check(client, ticket, "@xyz") == (200, {"code": "0", "errmsg": "OK", "detail": True})


def test_off_passes_any_ticket_without_calling_out(client, captcha):
    captcha.captcha_provider, captcha.captcha_endpoint = "off", f"http://127.0.0.1:{free_port()}"
    assert _check(client, "anything", "@a")[1]["detail"] is True


@pytest.mark.parametrize("provider", ["tencent", "off"])
def test_checks_are_limited_per_address_and_per_named_account(client, captcha, redis_client, provider):
    captcha.captcha_provider = provider
    captcha.captcha_ip_limit_per_minute, captcha.captcha_account_limit_per_minute = 3, 2
    # Per account: the third check naming one account within the minute, whatever the ticket
    assert all(_check(client, "tr0x", "@a", username="Renran_1")[0] != 429 for _ in range(2))
    status, body = _check(client, "tr0x", "@a", username="renran_1")  # usernames match case-insensitively
    assert (status, body["code"]) == (429, "4002")
    # Per address: the fourth check from this address within the minute, whatever the account
    for key in redis_client.scan_iter("captcha_account_*"):
        redis_client.delete(key)
    status, body = _check(client, "tr0x", "@a", username="another_1")
    assert (status, body["code"]) == (429, "4002") and "address" in body["errmsg"]


def test_missing_or_oversized_fields_are_400_naming_them(client):
    status, body = call(client, "GET", "/users/captcha/?ticket=x")
    assert (status, [e["field"] for e in body["errors"]]) == (400, ["randstr"])
    status, body = _check(client, "t" * 2049, "@a")
    assert (status, [e["field"] for e in body["errors"]]) == (400, ["ticket"])


def test_make_run_starts_the_stand_in_unless_an_endpoint_is_given():
    server, env = start_for_stack({"CAPTCHA_PORT": str(free_port())})
    assert server is not None
    try:
        assert env["CAPTCHA_ENDPOINT"] == server.url
        keys = json.loads(env["CAPTCHA_KEYS"])
        app_id = int(env["CAPTCHA_APP_ID"])
        assert server.authority.apps[app_id] == keys["AppSecretKey"]
        assert server.authority.api_keys[keys["SecretId"]] == keys["SecretKey"]
        assert "CAPTCHA_PROVIDER" not in env  # off unless the developer says tencent
    finally:
        server.stop()
    assert start_for_stack({"CAPTCHA_ENDPOINT": "https://captcha.tencentcloudapi.com"}) == (None, {})
