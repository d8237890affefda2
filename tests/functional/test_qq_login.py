"""QQ login end to end: the local authorization server over real HTTP, our API through the Chalice test client."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import jwt
import pytest

from chalicelib.core import secrets as core_secrets
from chalicelib.core import tokens
from chalicelib.core.auth import issue_token
from chalicelib.core.clients import aws_client, get_redis
from chalicelib.core.settings import get_settings
from chalicelib.oauth import repository, service
from chalicelib.oauth.errors import AlreadyBound
from chalicelib.oauth.models import BindRequest
from chalicelib.oauth.settings import LOCAL_CLIENT_SECRET, get_qq_settings
from chalicelib.users import accounts, codes
from chalicelib.users import repository as users
from chalicelib.users.repository import UserModel
from chalicelib.users.service import code_policy, redis_codes
from devstack.qq_authority import Authority, openid_for
from devstack.qq_server import QQServer
from devstack.redis_server import free_port
from tests.concurrency import at_once
from tests.factories import PASSWORD, call, make_skus, make_user, unique_mobile

pytestmark = pytest.mark.usefixtures("services")

CLIENT_ID = "101474184"
SECRET = "qq-test-secret"
REDIRECT_URI = "http://www.meiduo.site:8080/oauth_callback.html"
# A second app, as a deployed stage has it: its APP Key (32 hex characters, as QQ issues them) only in Secrets Manager.
DEPLOYED_CLIENT_ID = "101474185"
DEPLOYED_SECRET = "0123456789abcdef0123456789abcdef"


class Clock:
    """The local server's clock, moved by the tests that need a code to expire."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def qq_server(clock: Clock) -> Iterator[QQServer]:
    """The local authorization server on a free port, knowing our client."""
    server = QQServer(free_port(), Authority({CLIENT_ID: SECRET, DEPLOYED_CLIENT_ID: DEPLOYED_SECRET}, clock=clock))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def qq_settings(qq_server: QQServer) -> Iterator[Any]:
    """The app's QQ settings pointed at the local server; whatever a test changes is restored."""
    live = get_qq_settings()
    saved = live.model_dump()
    values = {"qq_base_url": qq_server.url, "qq_client_id": CLIENT_ID, "qq_client_secret": SECRET}
    for name, value in {**values, "qq_redirect_uri": REDIRECT_URI, "qq_timeout_seconds": 2.0}.items():
        setattr(live, name, value)
    yield live
    for name, value in saved.items():
        setattr(live, name, value)


# ---------------------------------------------------------------- helpers


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the browser would follow; the test reads where it would go


# The state cookie each login URL's answer set, by state: what the browser that asked for that URL holds.
_BROWSER_STATES: dict[str, str] = {}


def _login_url(client, next_path: str = "/") -> str:
    response = client.http.request("GET", f"/qq/authorization/?next={quote(next_path, safe='')}")
    assert response.status_code == 200, response.body
    url = str(json.loads(response.body)["login_url"])
    cookie = response.headers["Set-Cookie"]
    state = parse_qs(urlsplit(url).query)["state"][0]
    assert cookie.startswith(f"qq_state={state};") and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
    _BROWSER_STATES[state] = cookie.split(";")[0]
    return url


def _approve(login_url: str, identity: str, decision: str = "approve", state: str | None = None) -> dict[str, str]:
    """Open QQ's authorize page, submit its form as the tester would; the redirect's query parameters."""
    with urllib.request.urlopen(login_url, timeout=5) as page:
        html = page.read().decode()
    form = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert set(form) == {"client_id", "redirect_uri", "state"} and 'name="identity"' in html
    form |= {"custom_identity": identity, "decision": decision} | ({"state": state} if state else {})
    action = f"{login_url.split('/oauth2.0/')[0]}/oauth2.0/authorize"
    request = urllib.request.Request(action, data=urlencode(form).encode(), method="POST")
    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(_NoRedirect).open(request, timeout=5)
    assert redirect.value.code == 302
    location = redirect.value.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _set_cookies(response: Any) -> str:
    """Every Set-Cookie of a response, one per line (Chalice's client gives a list when there are several)."""
    found = response.headers.get("Set-Cookie") or []
    return "\n".join(found if isinstance(found, list) else [found])


def _callback(client, code: str, state: str, cookie: str | None = None) -> tuple[int, dict[str, Any]]:
    """The callback as the browser that asked for the login URL sends it (its state cookie), or with `cookie`."""
    held = cookie if cookie is not None else _BROWSER_STATES.get(state, "")
    response = client.http.request(
        "GET", f"/oauth_callback/?{urlencode({'code': code, 'state': state})}", headers={"Cookie": held}
    )
    return response.status_code, json.loads(response.body)


def _qq_login(client, identity: str, next_path: str = "/") -> tuple[int, dict[str, Any]]:
    back = _approve(_login_url(client, next_path), identity)
    return _callback(client, back["code"], back["state"])


def _identity() -> tuple[str, str]:
    identity = f"tester-{uuid.uuid4().hex[:10]}"
    return identity, openid_for(identity, CLIENT_ID)


def _sms_code(mobile: str) -> str:
    r = get_redis()
    codes.release_flag(r, mobile)  # a second code for one mobile within the resend window
    return codes.issue_code(r, mobile, "10.9.8.7", code_policy(get_settings()))


def _bind(client, ticket: str, mobile: str, code: str, password: str = PASSWORD) -> tuple[int, dict[str, Any]]:
    body = {"mobile": mobile, "password": password, "sms_code": code, "access_token": ticket}
    return call(client, "POST", "/oauth_callback/", body)


def _ticket(client) -> tuple[str, str]:
    """A ticket for a new identity's openid, from a real first login."""
    identity, openid = _identity()
    status, body = _qq_login(client, identity)
    assert status == 200 and "token" not in body, body
    return body["access_token"], openid


def _refused(status_body: tuple[int, dict[str, Any]], status: int, code: str, field: str | None = None) -> None:
    got, body = status_body
    assert (got, body["code"]) == (status, code), body
    assert "token" not in body
    if field is not None:
        assert [e["field"] for e in body["errors"]] == [field], body


# ---------------------------------------------------------------- the flow


def test_first_login_binds_a_fresh_mobile_creating_the_account_and_the_next_login_is_direct(client):
    identity, openid = _identity()

    # First QQ login: not bound, so a ticket to bind with, and the page to go back to
    status, first = _qq_login(client, identity, next_path="/orders/?page=2")
    assert status == 200 and set(first) >= {"access_token", "next"} and "token" not in first, first
    assert first["next"] == "/orders/?page=2"
    assert repository.find(openid) is None

    # Bind with a fresh mobile: the account is created, named after the mobile, and logged in
    mobile = unique_mobile()
    status, bound = _bind(client, first["access_token"], mobile, _sms_code(mobile))
    assert status == 200, bound
    assert bound["username"] == mobile and bound["token"]
    binding = repository.find(openid)
    assert binding is not None and binding.user_id == bound["user_id"]
    assert call(client, "GET", "/info/", token=bound["token"])[1]["info_data"]["mobile"] == mobile
    password_login = call(client, "POST", "/authorizations/", {"username": mobile, "password": PASSWORD})
    assert password_login[0] == 200 and password_login[1]["user_id"] == bound["user_id"]

    # Next QQ login of the same identity: a login token at once
    status, again = _qq_login(client, identity)
    assert status == 200 and "access_token" not in again, again
    assert (again["user_id"], again["username"]) == (bound["user_id"], mobile)
    assert call(client, "GET", "/info/", token=again["token"])[0] == 200


def test_binding_to_an_existing_mobile_needs_its_password_and_logs_in_as_that_account(client):
    user, (ticket, openid) = make_user(), _ticket(client)

    code = _sms_code(user["mobile"])
    _refused(_bind(client, ticket, user["mobile"], code, password="not-the-password"), 401, "4004")
    assert repository.find(openid) is None
    # The wrong password spent the code: guessing costs one SMS code per try
    _refused(_bind(client, ticket, user["mobile"], code), 400, "4008")

    status, body = _bind(client, ticket, user["mobile"], _sms_code(user["mobile"]))
    assert status == 200 and (body["user_id"], body["username"]) == (user["id"], user["username"]), body
    binding = repository.find(openid)
    assert binding is not None and binding.user_id == user["id"]


def test_a_wrong_sms_code_binds_nothing_and_creates_no_account(client):
    ticket, openid = _ticket(client)
    mobile = unique_mobile()
    right = _sms_code(mobile)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    _refused(_bind(client, ticket, mobile, wrong), 400, "4008")
    assert repository.find(openid) is None and not users.mobile_taken(mobile)


def test_a_new_accounts_short_password_is_refused_without_spending_the_code(client):
    ticket, openid = _ticket(client)
    mobile = unique_mobile()
    code = _sms_code(mobile)
    _refused(_bind(client, ticket, mobile, code, password="short"), 400, "4003", field="password")
    assert repository.find(openid) is None and not users.mobile_taken(mobile)
    assert _bind(client, ticket, mobile, code)[0] == 200


def test_an_expired_ticket_binds_nothing(client):
    _, openid = _identity()
    expired = tokens.sign(service.BIND_PURPOSE, openid, 300, now=time.time() - 301)
    mobile = unique_mobile()
    _refused(_bind(client, expired, mobile, _sms_code(mobile)), 400, "4003", field="access_token")
    assert repository.find(openid) is None and not users.mobile_taken(mobile)


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_tampered_or_foreign_ticket_binds_nothing(client):
    ticket, openid = _ticket(client)
    _, other_openid = _identity()
    header, payload, signature = ticket.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    swapped = f"{header}.{_b64({**claims, 'sub': other_openid})}.{signature}"
    claims_for_other = {**claims, "sub": other_openid}
    foreign = jwt.encode(claims_for_other, "another-secret-another-secret-another-1234", algorithm="HS256")
    for forged in (swapped, foreign, ticket[:-3] + "AAA", "not-a-token"):
        mobile = unique_mobile()
        _refused(_bind(client, forged, mobile, _sms_code(mobile)), 400, "4003", field="access_token")
        assert not users.mobile_taken(mobile)
    assert repository.find(openid) is None and repository.find(other_openid) is None


def test_a_login_token_is_no_ticket_and_a_ticket_is_no_login_token(client):
    user = make_user()
    ticket, openid = _ticket(client)
    # A login token whose subject looks like an openid still is not a binding ticket
    login_token = issue_token(user["id"], user["username"])
    mobile = unique_mobile()
    _refused(_bind(client, login_token, mobile, _sms_code(mobile)), 400, "4003", field="access_token")
    assert not users.mobile_taken(mobile)
    # And the ticket opens no door that needs a login
    status, body = call(client, "GET", "/info/", token=ticket)
    assert (status, body["code"]) == (401, "4101")
    assert repository.find(openid) is None


def _cart_of(client, cart_id: str | None = None, token: str | None = None) -> dict[int, int]:
    headers = {"X-Cart-Id": cart_id} if cart_id else {"Authorization": f"Bearer {token}"}
    body = json.loads(client.http.request("GET", "/carts/", headers=headers).body)
    return {line["id"]: line["count"] for line in body["cart_skus"]}


def test_a_qq_login_takes_over_the_anonymous_cart_like_a_password_login(client, category):
    (sku,) = make_skus(category, {"stock": 5})
    identity, _ = _identity()
    add = json.dumps({"sku_id": sku, "count": 2}).encode()
    headers = {"Content-Type": "application/json"}
    cart_id = json.loads(client.http.request("POST", "/carts/", headers=headers, body=add).body)["cart_id"]

    # Binding logs in: the anonymous cart moves into the new account's and its id is retired
    ticket = _qq_login(client, identity)[1]["access_token"]
    mobile = unique_mobile()
    body = {"mobile": mobile, "password": PASSWORD, "sms_code": _sms_code(mobile), "access_token": ticket}
    response = client.http.request(
        "POST", "/oauth_callback/", headers={**headers, "X-Cart-Id": cart_id}, body=json.dumps(body).encode()
    )
    token = json.loads(response.body)["token"]
    assert response.status_code == 200 and "cart_id=; Max-Age=0" in _set_cookies(response)
    assert _cart_of(client, token=token) == {sku: 2} and _cart_of(client, cart_id=cart_id) == {}

    # So does a direct QQ login of a bound identity
    add_three = json.dumps({"sku_id": sku, "count": 3}).encode()
    second = json.loads(client.http.request("POST", "/carts/", headers=headers, body=add_three).body)["cart_id"]
    back = _approve(_login_url(client), identity)
    query = urlencode({"code": back["code"], "state": back["state"]})
    cookie = _BROWSER_STATES[back["state"]]
    response = client.http.request("GET", f"/oauth_callback/?{query}", headers={"X-Cart-Id": second, "Cookie": cookie})
    assert response.status_code == 200 and "cart_id=; Max-Age=0" in _set_cookies(response)
    assert _cart_of(client, token=token) == {sku: 3} and _cart_of(client, cart_id=second) == {}


def test_a_qq_login_token_carries_the_accounts_token_version(client):
    identity, _ = _identity()
    ticket = _qq_login(client, identity)[1]["access_token"]
    mobile = unique_mobile()
    user_id = _bind(client, ticket, mobile, _sms_code(mobile))[1]["user_id"]
    users.revoke_tokens(user_id)  # log out everywhere
    accounts.forget(user_id)
    status, body = _qq_login(client, identity)
    assert status == 200 and call(client, "GET", "/info/", token=body["token"])[0] == 200


def test_a_disabled_account_cannot_log_in_or_bind_with_qq(client):
    identity, _ = _identity()
    user = make_user()
    ticket = _qq_login(client, identity)[1]["access_token"]
    assert _bind(client, ticket, user["mobile"], _sms_code(user["mobile"]))[0] == 200
    UserModel(user["id"]).update(actions=[UserModel.is_active.set(False)])
    _refused(_qq_login(client, identity), 401, "4004")
    # A disabled account takes no new binding either, even with the right password
    other_ticket = _ticket(client)
    _refused(_bind(client, other_ticket[0], user["mobile"], _sms_code(user["mobile"])), 401, "4004")
    assert repository.find(other_ticket[1]) is None


# ---------------------------------------------------------------- state and code


def test_the_login_url_is_qqs_authorize_page_with_a_fresh_state_each_time(client, qq_server):
    first, second = _login_url(client, "/cart/"), _login_url(client, "/cart/")
    params = [{k: v[0] for k, v in parse_qs(urlsplit(url).query).items()} for url in (first, second)]
    assert first.startswith(f"{qq_server.url}/oauth2.0/authorize?")
    assert {k: v for k, v in params[0].items() if k not in ("state", "redirect_uri")} == {
        "response_type": "code",
        "client_id": CLIENT_ID,
    }
    # The callback page, marked with this login's state: QQ redeems its code only with this very URL
    for found in params:
        mark = hashlib.sha256(found["state"].encode()).hexdigest()[:16]
        assert found["redirect_uri"] == f"{REDIRECT_URI}?login={mark}"
    assert params[0]["state"] != params[1]["state"] and len(params[0]["state"]) >= 43


@pytest.mark.parametrize(
    "next_path", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/\t/evil", "x"]
)
def test_next_must_be_a_path_on_this_site(client, next_path):
    status, body = call(client, "GET", f"/qq/authorization/?next={quote(next_path, safe='')}")
    assert (status, body["code"], [e["field"] for e in body["errors"]]) == (400, "4003", ["next"])


def test_a_forged_state_is_refused_before_qq_is_asked(client):
    identity, openid = _identity()
    back = _approve(_login_url(client), identity)
    _refused(_callback(client, back["code"], secrets.token_urlsafe(32)), 400, "4003", field="state")
    _refused(_callback(client, back["code"], "short"), 400, "4003", field="state")
    # The code was never shown to QQ, so the real state still completes the login
    status, body = _callback(client, back["code"], back["state"])
    assert status == 200 and body["access_token"], body
    assert repository.find(openid) is None


def test_a_state_works_once(client):
    identity, _ = _identity()
    login_url = _login_url(client)
    back = _approve(login_url, identity)
    assert _callback(client, back["code"], back["state"])[0] == 200
    # QQ hands out a new code for the same state; ours refuses the spent state
    again = _approve(login_url, identity)
    _refused(_callback(client, again["code"], again["state"]), 400, "4003", field="state")


def test_an_expired_state_is_refused(client, qq_settings):
    qq_settings.qq_state_ttl_seconds = 1
    back = _approve(_login_url(client), _identity()[0])
    time.sleep(1.2)
    _refused(_callback(client, back["code"], back["state"]), 400, "4003", field="state")


def test_a_reused_code_is_refused(client):
    identity, openid = _identity()
    back = _approve(_login_url(client), identity)
    assert _callback(client, back["code"], back["state"])[0] == 200
    fresh_state = parse_qs(urlsplit(_login_url(client)).query)["state"][0]
    _refused(_callback(client, back["code"], fresh_state), 400, "4003", field="code")
    assert repository.find(openid) is None


def test_an_expired_code_is_refused(client, clock):
    back = _approve(_login_url(client), _identity()[0])
    clock.now += 601  # QQ's codes live ten minutes
    _refused(_callback(client, back["code"], back["state"]), 400, "4003", field="code")


def test_a_declined_authorization_returns_an_error_and_the_state(client):
    login_url = _login_url(client)
    back = _approve(login_url, _identity()[0], decision="decline")
    assert back["error"] == "access_denied" and "code" not in back
    assert back["state"] == parse_qs(urlsplit(login_url).query)["state"][0]


# ---------------------------------------------------------------- bound to the browser


def test_seed_pages_callback_without_state_spends_the_browsers_cookie_and_answers_300_to_bind(client):
    identity, _ = _identity()
    back = _approve(_login_url(client, "/cart/"), identity)
    cookie = _BROWSER_STATES[back["state"]]
    # Seed 001's oauth_callback.html sends only ?code=: the state comes from the cookie
    response = client.http.request("GET", f"/oauth_callback/?code={back['code']}", headers={"Cookie": cookie})
    body = json.loads(response.body)
    assert response.status_code == 200 and body["code"] == "300", body
    assert set(body) >= {"access_token", "next"} and body["next"] == "/cart/" and "token" not in body
    assert "qq_state=; Max-Age=0" in _set_cookies(response)
    # The cookie's state is spent: the same browser cannot replay it
    again = client.http.request("GET", f"/oauth_callback/?code={back['code']}", headers={"Cookie": cookie})
    assert again.status_code == 400 and json.loads(again.body)["errors"][0]["field"] == "state"


def test_an_attackers_code_and_state_opened_in_a_victims_browser_bind_nothing(client):
    attacker, attacker_openid = _identity()
    back = _approve(_login_url(client), attacker)  # the attacker's own approval; their browser holds the cookie
    victim = make_user()
    victim_url = _login_url(client)  # the victim started a QQ login of their own: their browser holds that state
    victims_cookie = _BROWSER_STATES[parse_qs(urlsplit(victim_url).query)["state"][0]]
    for cookie in ("", victims_cookie):
        _refused(_callback(client, back["code"], back["state"], cookie=cookie), 400, "4003", "state")
    # Neither the attacker's state nor the victim's was spent by the refused callbacks
    assert get_redis().exists(f"qq_state_{back['state']}")
    assert get_redis().exists(f"qq_state_{victims_cookie.partition('=')[2]}")
    assert repository.find(attacker_openid) is None
    assert users.get_user(victim["id"]) is not None


def test_an_attackers_code_alone_in_a_browser_that_began_its_own_login_is_refused(client):
    # The seed's page forwards only `code`, so the victim's own state cookie is the one spent: the code must fail
    attacker, attacker_openid = _identity()
    back = _approve(_login_url(client), attacker)
    victims_url = _login_url(client)  # left on QQ's page
    victims_cookie = _BROWSER_STATES[parse_qs(urlsplit(victims_url).query)["state"][0]]
    response = client.http.request("GET", f"/oauth_callback/?code={back['code']}", headers={"Cookie": victims_cookie})
    assert response.status_code == 400 and json.loads(response.body)["errors"][0]["field"] == "code"
    assert "access_token" not in json.loads(response.body) and repository.find(attacker_openid) is None


def test_a_form_post_from_another_site_is_refused_before_it_is_read(client):
    headers = {"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"}
    response = client.http.request("POST", "/oauth_callback/", headers=headers, body=b"mobile=1&password=2")
    assert (response.status_code, json.loads(response.body)["code"]) == (403, "4103")


def test_a_bound_qq_login_logs_in_by_session_cookie_as_well_as_token(client):
    identity, _ = _identity()
    ticket = _qq_login(client, identity)[1]["access_token"]
    mobile = unique_mobile()
    assert _bind(client, ticket, mobile, _sms_code(mobile))[0] == 200
    back = _approve(_login_url(client), identity)
    response = client.http.request(
        "GET", f"/oauth_callback/?code={back['code']}", headers={"Cookie": _BROWSER_STATES[back["state"]]}
    )
    body = json.loads(response.body)
    assert response.status_code == 200 and body["code"] == "0" and body["username"] == mobile, body
    session = re.search(r"sessionid=([^;]+); Path=/; SameSite=Lax; HttpOnly", _set_cookies(response))
    assert session is not None and f"username={mobile};" in _set_cookies(response)
    info = client.http.request("GET", "/info/", headers={"Cookie": f"sessionid={session.group(1)}"})
    assert info.status_code == 200 and json.loads(info.body)["info_data"]["mobile"] == mobile


def test_a_bind_posted_from_another_site_is_refused(client):
    ticket = _ticket(client)[0]
    mobile = unique_mobile()
    body = {"mobile": mobile, "password": PASSWORD, "sms_code": _sms_code(mobile), "access_token": ticket}
    headers = {"Content-Type": "application/json", "Origin": "https://evil.example"}
    response = client.http.request("POST", "/oauth_callback/", headers=headers, body=json.dumps(body).encode())
    assert response.status_code == 403 and not users.mobile_taken(mobile)


# ---------------------------------------------------------------- one binding per openid


def test_ten_concurrent_binds_of_one_openid_with_fresh_mobiles_end_with_one_account_bound(client):
    ticket, openid = _ticket(client)
    mobiles = [unique_mobile() for _ in range(10)]
    requests = [
        BindRequest.model_validate(
            {"mobile": m, "password": PASSWORD, "sms_code": _sms_code(m), "access_token": ticket}
        )
        for m in mobiles
    ]
    sms = redis_codes(get_redis(), get_settings())

    outcomes = at_once(service.bind, [(req, sms) for req in requests])

    winners = [o for o in outcomes if isinstance(o, dict)]
    assert len(winners) == 1 and all(isinstance(o, AlreadyBound) for o in outcomes if o is not winners[0]), outcomes
    binding = repository.find(openid)
    assert binding is not None and binding.user_id == winners[0]["user_id"]
    # The losers' accounts were never created: user and binding are one transaction
    assert [users.mobile_taken(m) for m in mobiles].count(True) == 1


def test_ten_concurrent_binds_of_one_openid_to_existing_accounts_end_with_one_binding(client):
    ticket, openid = _ticket(client)
    accounts = [make_user() for _ in range(10)]
    requests = [
        BindRequest.model_validate(
            {"mobile": a["mobile"], "password": PASSWORD, "sms_code": _sms_code(a["mobile"]), "access_token": ticket}
        )
        for a in accounts
    ]

    outcomes = at_once(service.bind, [(req, redis_codes(get_redis(), get_settings())) for req in requests])

    winners = [o for o in outcomes if isinstance(o, dict)]
    assert len(winners) == 1 and sum(isinstance(o, AlreadyBound) for o in outcomes) == 9, outcomes
    binding = repository.find(openid)
    assert binding is not None and binding.user_id == winners[0]["user_id"]


def test_the_transaction_alone_keeps_one_binding_per_openid(client):
    # Straight at the store, with no read before: only the conditional write decides
    _, openid = _identity()
    accounts = [make_user() for _ in range(10)]
    outcomes = at_once(repository.bind, [(openid, a["id"]) for a in accounts])
    assert outcomes.count(None) == 1 and sum(isinstance(o, AlreadyBound) for o in outcomes) == 9, outcomes
    fresh = [unique_mobile() for _ in range(5)]
    created = at_once(repository.create_bound_user, [(openid, m, m, "hash") for m in fresh])
    assert all(isinstance(o, AlreadyBound) for o in created) and not any(users.mobile_taken(m) for m in fresh)


# ---------------------------------------------------------------- QQ failing


def test_qq_unreachable_is_503(client, qq_settings):
    qq_settings.qq_base_url = f"http://127.0.0.1:{free_port()}"
    state = parse_qs(urlsplit(_login_url(client)).query)["state"][0]
    _refused(_callback(client, "ANYCODE", state), 503, "5030")


def test_qq_not_answering_in_time_is_503(client, qq_settings):
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        qq_settings.qq_base_url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        qq_settings.qq_timeout_seconds = 0.3
        state = parse_qs(urlsplit(_login_url(client)).query)["state"][0]
        started = time.monotonic()
        _refused(_callback(client, "ANYCODE", state), 503, "5030")
        assert time.monotonic() - started < 2


class _Garbage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>Service temporarily down for maintenance</body></html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_qq_answering_garbage_is_502(client, qq_settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True).start()
    try:
        qq_settings.qq_base_url = f"http://127.0.0.1:{server.server_address[1]}"
        state = parse_qs(urlsplit(_login_url(client)).query)["state"][0]
        _refused(_callback(client, "ANYCODE", state), 502, "5020")
    finally:
        server.shutdown()
        server.server_close()


def test_qq_refusing_our_secret_is_502_not_the_callers_fault(client, qq_settings):
    back = _approve(_login_url(client), _identity()[0])
    qq_settings.qq_client_secret = "not-the-secret"
    _refused(_callback(client, back["code"], back["state"]), 502, "5020")


# ---------------------------------------------------------------- the secret in Secrets Manager


def _deployed(qq_settings, monkeypatch) -> str:
    """A deployed stage's settings: the APP Key's secret named by QQ_CLIENT_SECRET_ARN, not the key itself."""
    name = f"shop-qq-app-key-{uuid.uuid4().hex}"
    arn = str(aws_client("secretsmanager").create_secret(Name=name, SecretString=DEPLOYED_SECRET)["ARN"])
    qq_settings.qq_client_id, qq_settings.qq_client_secret = DEPLOYED_CLIENT_ID, LOCAL_CLIENT_SECRET
    qq_settings.qq_client_secret_arn = arn
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "shop-dev-APIHandler")
    return arn


def test_a_deployed_stage_reads_the_app_secret_from_secrets_manager_once_and_exchanges_codes_with_it(
    client, qq_settings, monkeypatch
):
    # Given: the APP Key only in Secrets Manager, and every read of a secret counted
    arn = _deployed(qq_settings, monkeypatch)
    reads: list[str] = []
    fetch = core_secrets.fetch_secret

    def counted(name: str) -> str:
        reads.append(name)
        return fetch(name)

    monkeypatch.setattr(core_secrets, "fetch_secret", counted)
    # When: two QQ logins, the secret replaced in Secrets Manager in between
    identity = f"tester-{uuid.uuid4().hex[:10]}"
    logins = [_qq_login(client, identity)]
    aws_client("secretsmanager").put_secret_value(SecretId=arn, SecretString="f" * 32)
    logins.append(_qq_login(client, identity))
    # Then: QQ exchanged both codes for the openid (it checks the secret), which was read once
    assert [status for status, _ in logins] == [200, 200], logins
    assert all("access_token" in body and "token" not in body for _, body in logins)
    assert reads == [arn] and qq_settings.qq_client_secret == DEPLOYED_SECRET
    assert DEPLOYED_SECRET not in repr(qq_settings)


def test_a_deployed_stage_without_the_secrets_arn_answers_qq_login_with_503(client, qq_settings, monkeypatch):
    _deployed(qq_settings, monkeypatch)
    qq_settings.qq_client_secret_arn = None
    _refused(call(client, "GET", "/qq/authorization/?next=/"), 503, "5030")
