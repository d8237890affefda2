"""Seed 001's session edition over HTTP: register and log in by cookie, writes only from trusted pages, log out,
password change. Requests carry what a browser sends: cookies and Origin, no token."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest

from chalicelib.core import sessions
from chalicelib.core.clients import get_redis
from chalicelib.core.settings import get_settings
from chalicelib.users import codes
from chalicelib.users.service import code_policy
from tests.factories import GUANGZHOU, PASSWORD, call, make_skus, make_user, unique_mobile, unique_username

pytestmark = pytest.mark.usefixtures("services")
PAGE = "http://127.0.0.1:8080"  # an allowed origin (CORS_ALLOW_ORIGINS' default), as the seed's pages are served
ELSEWHERE = "https://evil.example"


def _cookies(response: Any) -> str:
    found = response.headers.get("Set-Cookie") or []
    return "\n".join(found if isinstance(found, list) else [found])


def _session(response: Any) -> str:
    found = re.search(r"^sessionid=([^;]+);", _cookies(response), re.M)
    assert found is not None, _cookies(response)
    return found.group(1)


def _request(client, method: str, path: str, sid: str = "", body: Any = None, origin: str | None = PAGE) -> Any:
    """A browser's request: the session cookie, the page's Origin, never an Authorization header."""
    headers = {"Content-Type": "application/json", "Cookie": f"sessionid={sid}" if sid else ""}
    if origin:
        headers["Origin"] = origin
    payload = json.dumps(body).encode() if body is not None else b""
    return client.http.request(method, path, headers=headers, body=payload)


def _login(client, account: str, password: str = PASSWORD, remembered: bool = False, origin: str = PAGE) -> Any:
    body = {"username": account, "password": password, "remembered": remembered}
    return _request(client, "POST", "/login/", body=body, origin=origin)


def _address(receiver: str) -> dict[str, Any]:
    return {"receiver": receiver, **GUANGZHOU, "place": "1 Road", "mobile": unique_mobile()}


def test_register_answers_id_and_username_and_logs_in_by_cookie(client):
    mobile = unique_mobile()
    code = codes.issue_code(get_redis(), mobile, "10.1.2.3", code_policy(get_settings()))
    body = {"username": unique_username(), "password": PASSWORD, "password2": PASSWORD, "mobile": mobile}
    response = _request(client, "POST", "/register/", body={**body, "sms_code": code, "allow": True})
    answer = json.loads(response.body)
    assert response.status_code == 201 and answer["code"] == "0" and answer["username"] == body["username"]
    assert "token" not in answer and isinstance(answer["id"], int)
    sent = _cookies(response)
    assert re.search(r"^sessionid=[^;]+; Path=/; SameSite=Lax; HttpOnly$", sent, re.M), sent
    assert f"username={body['username']}; Path=/; SameSite=Lax" in sent and "Max-Age" not in sent
    info = _request(client, "GET", "/info/", _session(response), origin=None)
    assert info.status_code == 200 and json.loads(info.body)["info_data"]["mobile"] == mobile


def test_login_by_username_or_mobile_sets_both_cookies_remembered_for_two_weeks(client):
    user = make_user()
    for account in (user["username"], user["mobile"]):
        response = _login(client, account, remembered=True)
        answer = json.loads(response.body)
        assert response.status_code == 200 and answer["user_id"] == user["id"] and "token" not in answer
        assert _cookies(response).count(f"Max-Age={sessions.REMEMBERED_SECONDS}") == 2
        stored = "session_" + hashlib.sha256(_session(response).encode()).hexdigest()
        assert 0 < get_redis().ttl(stored) <= sessions.REMEMBERED_SECONDS  # only the cookie's hash is a key


def test_a_refused_login_is_400_as_the_seed_page_expects_and_sets_no_cookie(client):
    user = make_user()
    for account, password in ((user["username"], "wrong-password"), (unique_username(), PASSWORD)):
        response = _login(client, account, password)
        assert (response.status_code, json.loads(response.body)["code"]) == (400, "4004")
        assert "sessionid" not in _cookies(response)


def test_a_login_posted_from_another_site_is_refused_login_csrf(client):
    user = make_user()
    response = _login(client, user["username"], origin=ELSEWHERE)
    assert response.status_code == 403 and "sessionid" not in _cookies(response)
    # A cross-site HTML form (the only post a browser sends there without a preflight) is refused before parsing
    form = f"username={user['username']}&password={PASSWORD}".encode()
    headers = {"Origin": ELSEWHERE, "Content-Type": "application/x-www-form-urlencoded"}
    posted = client.http.request("POST", "/login/", headers=headers, body=form)
    assert (posted.status_code, json.loads(posted.body)["code"]) == (403, "4103") and "sessionid" not in _cookies(
        posted
    )


def test_cookie_writes_need_a_trusted_origin_reads_do_not(client):
    user = make_user()
    sid = _session(_login(client, user["username"]))
    for origin in (ELSEWHERE, None, "null"):
        refused = _request(client, "POST", "/addresses/create/", sid, _address("mallory"), origin=origin)
        assert (refused.status_code, json.loads(refused.body)["code"]) == (403, "4103"), origin
    listed = _request(client, "GET", "/addresses/", sid, origin=None)
    assert listed.status_code == 200 and json.loads(listed.body)["addresses"] == []
    created = _request(client, "POST", "/addresses/create/", sid, _address("alice"))
    assert created.status_code == 201
    # The API's own pages (PUBLIC_URL's origin) are trusted too, by Origin or, lacking it, by Referer
    own = _request(client, "PUT", "/carts/selection/", sid, {"selected": True}, origin="http://127.0.0.1:8000")
    assert own.status_code == 200


def test_a_token_still_works_without_origin_and_wins_over_a_cookie(client):
    user, other = make_user(), make_user()
    sid = _session(_login(client, other["username"]))
    headers = {
        "Authorization": f"JWT {user['token']}",
        "Cookie": f"sessionid={sid}",
        "Content-Type": "application/json",
    }
    response = client.http.request("GET", "/info/", headers=headers)
    assert json.loads(response.body)["info_data"]["id"] == user["id"]
    status, _ = call(client, "POST", "/addresses/create/", _address("bob"), token=user["token"])
    assert status == 201


def test_logout_ends_that_session_only_and_clears_both_cookies(client):
    user = make_user()
    first, second = (_session(_login(client, user["username"])) for _ in range(2))
    response = _request(client, "DELETE", "/logout/", first)
    assert response.status_code == 200
    assert re.search(r"^sessionid=; Path=/; SameSite=Lax; Max-Age=0; HttpOnly$", _cookies(response), re.M)
    assert re.search(r"^username=; Path=/; SameSite=Lax; Max-Age=0$", _cookies(response), re.M)
    assert _request(client, "GET", "/info/", first).status_code == 401
    assert _request(client, "GET", "/info/", second).status_code == 200


def test_a_logout_from_another_site_ends_nothing(client):
    sid = _session(_login(client, make_user()["username"]))
    assert _request(client, "DELETE", "/logout/", sid, origin=ELSEWHERE).status_code == 403
    assert _request(client, "GET", "/info/", sid).status_code == 200


def test_a_password_change_ends_every_session_and_token_of_the_user(client):
    user = make_user()
    sessions_before = [_session(_login(client, user["username"])) for _ in range(2)]
    new = "new-password-1"
    wrong = {"old_password": "not-it", "new_password": new, "new_password2": new}
    refused = _request(client, "PUT", "/password/", sessions_before[0], wrong)
    assert refused.status_code == 400 and json.loads(refused.body)["errors"][0]["field"] == "old_password"
    differ = {"old_password": PASSWORD, "new_password": new, "new_password2": new + "x"}
    assert json.loads(_request(client, "PUT", "/password/", sessions_before[0], differ).body)["code"] == "4006"
    body = {"old_password": PASSWORD, "new_password": new, "new_password2": new}
    changed = _request(client, "PUT", "/password/", sessions_before[0], body)
    assert changed.status_code == 200 and "sessionid=; " in _cookies(changed)
    for sid in sessions_before:
        assert _request(client, "GET", "/info/", sid).status_code == 401
    assert call(client, "GET", "/info/", token=user["token"])[0] == 401
    assert _login(client, user["username"]).status_code == 400
    assert _login(client, user["username"], new).status_code == 200


def test_a_stale_cookie_is_an_anonymous_caller_where_login_is_optional(client, category):
    (sku,) = make_skus(category, {"stock": 5})
    response = _request(client, "POST", "/carts/", "made-up-session", {"sku_id": sku, "count": 1})
    assert response.status_code == 200 and json.loads(response.body)["cart_id"]
    assert _request(client, "GET", "/info/", "made-up-session").status_code == 401


def test_login_by_cookie_takes_over_the_anonymous_cart(client, category):
    (sku,) = make_skus(category, {"stock": 5})
    user = make_user()
    added = _request(client, "POST", "/carts/", body={"sku_id": sku, "count": 2})
    cart_id = json.loads(added.body)["cart_id"]
    body = {"username": user["username"], "password": PASSWORD}
    headers = {"Content-Type": "application/json", "Origin": PAGE, "Cookie": f"cart_id={cart_id}"}
    response = client.http.request("POST", "/login/", headers=headers, body=json.dumps(body).encode())
    assert "cart_id=; Max-Age=0" in _cookies(response)
    cart = json.loads(_request(client, "GET", "/carts/", _session(response)).body)
    assert [(line["id"], line["count"]) for line in cart["cart_skus"]] == [(sku, 2)]
