"""QQ login as renran's pages do it, end to end: the local QQ server over real HTTP, our API through the test client.

Renran's pages send no cookies: the state comes back in the query alone, the unbound answer carries our signed
ticket (never QQ's openid or token), and binding proves the account by its password or an SMS code to its mobile.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from chalicelib.core import tokens
from chalicelib.core.clients import get_redis
from chalicelib.core.settings import get_settings
from chalicelib.oauth import repository, service
from chalicelib.oauth.settings import get_qq_settings
from chalicelib.users import codes
from chalicelib.users import repository as users
from chalicelib.users.service import code_policy
from devstack.qq_authority import Authority, openid_for
from devstack.qq_server import QQServer
from devstack.redis_server import free_port
from tests.factories import PASSWORD, call, make_user, unique_mobile

pytestmark = pytest.mark.usefixtures("services")

CLIENT_ID, SECRET = "101474190", "qq-renran-test-secret"
CALLBACK = "http://www.renran.cn:8080/oauth_callback"  # renran's own callback page, which calls /oauth/qq/user/


@pytest.fixture(scope="module")
def qq_server() -> Iterator[QQServer]:
    server = QQServer(free_port(), Authority({CLIENT_ID: SECRET}))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def qq_settings(qq_server: QQServer) -> Iterator[Any]:
    live = get_qq_settings()
    saved = live.model_dump()
    values = {"qq_base_url": qq_server.url, "qq_client_id": CLIENT_ID, "qq_client_secret": SECRET}
    for name, value in {**values, "qq_renran_redirect_uri": CALLBACK, "qq_timeout_seconds": 2.0}.items():
        setattr(live, name, value)
    yield live
    for name, value in saved.items():
        setattr(live, name, value)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _login_url(client) -> str:
    response = client.http.request("GET", "/oauth/qq/")
    assert response.status_code == 200, response.body
    assert "Set-Cookie" not in response.headers  # nothing for a page that keeps no cookies
    return str(json.loads(response.body))  # a bare JSON string


def _approve(login_url: str, identity: str) -> dict[str, str]:
    """QQ's page approved as the tester would: the query QQ sends the browser back to renran's callback with."""
    with urllib.request.urlopen(login_url, timeout=5) as page:
        form = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page.read().decode()))
    form |= {"custom_identity": identity, "decision": "approve"}
    action = f"{login_url.split('/oauth2.0/')[0]}/oauth2.0/authorize"
    with pytest.raises(urllib.error.HTTPError) as redirect:
        request = urllib.request.Request(action, data=urlencode(form).encode(), method="POST")
        urllib.request.build_opener(_NoRedirect).open(request, timeout=5)
    location = redirect.value.headers["Location"]
    assert location.startswith(CALLBACK + "?"), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _callback(client, code: str, state: str) -> tuple[int, dict[str, Any]]:
    return call(client, "GET", f"/oauth/qq/user/?{urlencode({'code': code, 'state': state})}")


def _qq_login(client, identity: str) -> tuple[int, dict[str, Any]]:
    back = _approve(_login_url(client), identity)
    return _callback(client, back["code"], back["state"])


def _identity() -> tuple[str, str]:
    identity = f"renran-{uuid.uuid4().hex[:10]}"
    return identity, openid_for(identity, CLIENT_ID)


def _unbound(client) -> tuple[dict[str, Any], str]:
    identity, openid = _identity()
    status, body = _qq_login(client, identity)
    assert status == 200 and "token" not in body, body
    return body, openid


def _sms_code(mobile: str) -> str:
    r = get_redis()
    codes.release_flag(r, mobile)
    return codes.issue_code(r, mobile, "10.9.8.7", code_policy(get_settings()))


def _register(client, ticket: dict[str, Any], mobile: str, **overrides: Any) -> tuple[int, dict[str, Any]]:
    body = {"mobile": mobile, "nickname": "QQ 读者", "password": PASSWORD, **ticket}
    return call(client, "POST", "/oauth/qq/reg/", {"sms_code": _sms_code(mobile), **body, **overrides})


def test_the_login_url_is_a_bare_string_to_qq_with_a_fresh_state_and_renrans_callback(client, qq_server):
    first, second = _login_url(client), _login_url(client)
    query = parse_qs(urlsplit(first).query)
    assert first.startswith(f"{qq_server.url}/oauth2.0/authorize?")
    assert query["client_id"] == [CLIENT_ID] and query["redirect_uri"][0].startswith(CALLBACK + "?login=")
    assert query["state"] != parse_qs(urlsplit(second).query)["state"]


def test_first_login_registers_a_bound_account_and_the_next_login_is_direct(client):
    identity, openid = _identity()
    status, unbound = _qq_login(client, identity)

    # Unbound: our ticket in all three fields the page echoes, never QQ's openid or token
    assert status == 200 and set(unbound) >= {"openid", "access_token", "refresh_token"} and "token" not in unbound
    assert openid not in json.dumps(unbound)
    assert tokens.verify(service.BIND_PURPOSE, unbound["openid"])["sub"] == openid

    mobile = unique_mobile()
    ticket = {k: unbound[k] for k in ("openid", "access_token", "refresh_token")}
    status, body = _register(client, ticket, mobile)
    assert status == 201, body
    assert (body["username"], body["nickname"], body["avatar"]) == (mobile, "QQ 读者", None)
    binding = repository.find(openid)
    assert binding is not None and binding.user_id == body["id"]

    status, again = _qq_login(client, identity)
    assert status == 200 and set(again) >= {"token", "id", "username", "avatar"} and "openid" not in again
    assert (again["id"], again["username"], again["nickname"]) == (body["id"], mobile, "QQ 读者")
    assert call(client, "GET", "/info/", token=again["token"])[0] == 200


def test_binding_an_existing_account_needs_its_password(client):
    user = make_user()
    unbound, openid = _unbound(client)
    wrong = {"username": user["username"], "password": "not-the-password", **unbound}
    status, body = call(client, "POST", "/oauth/qq/login/", wrong)
    assert (status, body["code"]) == (400, "4004") and repository.find(openid) is None

    # The mobile stands for the username, as at login
    status, body = call(
        client, "POST", "/oauth/qq/login/", {"username": user["mobile"], "password": PASSWORD, **unbound}
    )
    assert status == 200 and (body["id"], body["username"]) == (user["id"], user["username"]), body
    binding = repository.find(openid)
    assert binding is not None and binding.user_id == user["id"]

    # The openid is bound now: another account cannot take it
    other = make_user()
    status, body = call(
        client, "POST", "/oauth/qq/login/", {"username": other["username"], "password": PASSWORD, **unbound}
    )
    assert (status, body["code"], body["errors"][0]["field"]) == (409, "4409", "openid")


def test_binding_by_password_has_logins_limits(client, settings):
    user = make_user()
    unbound, openid = _unbound(client)
    body = {"username": user["username"], "password": "wrong-again", "openid": unbound["openid"]}
    for _ in range(settings.login_account_failures):
        assert call(client, "POST", "/oauth/qq/login/", body)[0] == 400
    status, answer = call(client, "POST", "/oauth/qq/login/", body | {"password": PASSWORD})
    assert (status, answer["code"]) == (429, "4002") and repository.find(openid) is None


def test_registering_needs_a_free_mobile_and_the_right_code(client):
    unbound, openid = _unbound(client)
    taken = make_user()["mobile"]
    status, body = _register(client, unbound, taken)
    assert (status, body["code"], body["errors"]) == (409, "4409", [{"field": "mobile", "message": "taken"}])
    assert get_redis().get(f"sms_{taken}") is not None  # the code is kept for binding by password instead
    mobile = unique_mobile()
    right = _sms_code(mobile)
    body = {"mobile": mobile, "nickname": "n", "password": PASSWORD, "openid": unbound["openid"]}
    status, body = call(client, "POST", "/oauth/qq/reg/", body | {"sms_code": f"{(int(right) + 1) % 1_000_000:06d}"})
    assert (status, body["code"]) == (400, "4008")
    assert repository.find(openid) is None and not users.mobile_taken(mobile)


def test_forged_expired_or_login_tokens_are_no_tickets(client):
    user = make_user()
    _, openid = _identity()
    expired = tokens.sign(service.BIND_PURPOSE, openid, 300, now=1_000_000)
    for forged in (expired, user["token"], "not-a-token", openid):
        mobile = unique_mobile()
        status, body = _register(client, {"openid": forged}, mobile)
        assert (status, [e["field"] for e in body["errors"]]) == (400, ["openid"]), forged
        assert not users.mobile_taken(mobile)
    assert repository.find(openid) is None


def test_a_state_works_once_and_only_one_this_server_issued(client):
    back = _approve(_login_url(client), _identity()[0])
    assert _callback(client, back["code"], back["state"])[0] == 200
    for state in (back["state"], "A" * 43, "not-a-state"):
        status, body = _callback(client, back["code"], state)
        assert (status, body["errors"][0]["field"]) == (400, "state"), state
    status, body = call(client, "GET", f"/oauth/qq/user/?code={back['code']}")
    assert (status, body["errors"][0]["field"]) == (400, "state")


def test_a_code_from_meiduos_login_url_does_not_pass_renrans_callback(client, qq_settings):
    # The same state store, but QQ redeems a code only with the redirect_uri it was issued for
    qq_settings.qq_redirect_uri = "http://www.meiduo.site:8080/oauth_callback.html"
    response = client.http.request("GET", "/qq/authorization/?next=/")
    meiduo_url = json.loads(response.body)["login_url"]
    with urllib.request.urlopen(meiduo_url, timeout=5) as page:
        form = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page.read().decode()))
    form |= {"custom_identity": _identity()[0], "decision": "approve"}
    with pytest.raises(urllib.error.HTTPError) as redirect:
        request = urllib.request.Request(
            f"{meiduo_url.split('/oauth2.0/')[0]}/oauth2.0/authorize", data=urlencode(form).encode(), method="POST"
        )
        urllib.request.build_opener(_NoRedirect).open(request, timeout=5)
    back = {k: v[0] for k, v in parse_qs(urlsplit(redirect.value.headers["Location"]).query).items()}
    status, body = _callback(client, back["code"], back["state"])
    assert (status, body["errors"][0]["field"]) == (400, "code")


def test_qq_unreachable_is_503(client, qq_settings):
    back = _approve(_login_url(client), _identity()[0])
    qq_settings.qq_base_url = f"http://127.0.0.1:{free_port()}"
    status, body = _callback(client, back["code"], back["state"])
    assert (status, body["code"]) == (503, "5030")
