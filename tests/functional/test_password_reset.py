"""Password reset by e-mail (renran's 找回密码) over HTTP: the mailed link, spent once, every session ended after."""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from chalicelib.core import tokens
from chalicelib.users import repository as users
from chalicelib.users.reset import RESET_PURPOSE, SENT
from tests.concurrency import at_once
from tests.factories import PASSWORD, call, make_user
from tests.functional.queues import consume, outbox

pytestmark = pytest.mark.usefixtures("services")
PAGE = "http://127.0.0.1:8080"  # an allowed origin: the seed 001 pages' session login
NEW = "a-new-password-1"


@pytest.fixture(autouse=True)
def _no_reset_counts(redis_client: Any) -> None:
    for key in [*redis_client.scan_iter("reset_ip_*"), *redis_client.scan_iter("reset_addr_*")]:
        redis_client.delete(key)


def _verified_user(email: str | None = None) -> dict[str, Any]:
    user = make_user()
    address = email or f"{user['username']}@Example.com"
    users.set_email(user["id"], address)
    assert users.activate_email(user["id"], address)
    return user | {"email": address}


def _ask(client, email: str) -> tuple[int, Any]:
    response = client.http.request("GET", f"/users/find/password/?{urlencode({'email': email})}")
    return response.status_code, json.loads(response.body)


def _links(email: str) -> list[str]:
    consume("notifications", "notifications_consumer")
    return [m["verify_url"] for m in outbox("email") if m["to"].lower() == email.lower()]


def _token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["access_token"][0]


def _reset(client, token: str, password: str = NEW, password2: str | None = None) -> tuple[int, dict[str, Any]]:
    body = {"access_token": token, "password": password, "password2": password2 or password}
    return call(client, "PUT", "/users/find/password/", body)


def _login(client, account: str, password: str) -> int:
    return call(client, "POST", "/users/login/", {"username": account, "password": password})[0]


def test_the_mail_links_to_the_page_and_the_link_resets_once(client, settings):
    settings.password_reset_url = "https://www.renran.example/reset_password"
    user = _verified_user()

    # Asked with the address in another case: a bare string, and a mail to the account's address
    assert _ask(client, user["email"].upper()) == (200, SENT)
    (link,) = _links(user["email"])
    assert link.startswith("https://www.renran.example/reset_password?access_token=")
    mail = next(m for m in outbox("email") if m["verify_url"] == link)
    assert user["username"] in mail["html"] and mail["subject"] == "Reset your password"

    # The page shows whose link it is (as often as it likes), then sets the password
    token = _token_of(link)
    for _ in range(2):
        assert call(client, "POST", "/users/find/password/", {"access_token": token})[1]["email"] == user["email"]
    status, body = _reset(client, token)
    assert (status, body["username"]) == (200, user["username"])
    assert _login(client, user["username"], NEW) == 200 and _login(client, user["username"], PASSWORD) == 400

    # Spent: neither step takes the link again
    assert _reset(client, token, "yet-another-one")[1]["code"] == "4003"
    status, body = call(client, "POST", "/users/find/password/", {"access_token": token})
    assert (status, body["errors"][0]["field"]) == (400, "access_token")


def test_every_token_and_session_of_the_user_ends_with_the_reset(client):
    user = _verified_user()
    login = {"username": user["username"], "password": PASSWORD}
    cookie_login = client.http.request(
        "POST", "/login/", headers={"Content-Type": "application/json", "Origin": PAGE}, body=json.dumps(login)
    )
    sid = re.search(r"sessionid=([^;]+);", str(cookie_login.headers["Set-Cookie"]))
    assert sid is not None
    renran_token = call(client, "POST", "/users/login/", login)[1]["token"]
    _ask(client, user["email"])
    assert _reset(client, _token_of(_links(user["email"])[-1]))[0] == 200
    for token in (user["token"], renran_token):
        assert call(client, "GET", "/info/", token=token)[0] == 401
    by_cookie = client.http.request("GET", "/info/", headers={"Cookie": f"sessionid={sid.group(1)}"})
    assert by_cookie.status_code == 401


def test_unknown_and_unverified_addresses_get_the_same_answer_and_no_mail(client):
    user = make_user()
    unverified = f"{user['username']}@example.com"
    users.set_email(user["id"], unverified)
    for email in (unverified, "nobody-at-all@example.com"):
        assert _ask(client, email) == (200, SENT)
        assert _links(email) == []


def test_a_changed_address_no_longer_receives_links(client):
    user = _verified_user()
    users.set_email(user["id"], f"new-{user['email']}")
    assert _ask(client, user["email"]) == (200, SENT) and _links(user["email"]) == []


def test_differing_passwords_are_4006_and_spend_nothing(client):
    user = _verified_user()
    _ask(client, user["email"])
    token = _token_of(_links(user["email"])[-1])
    assert _reset(client, token, NEW, NEW + "x")[1]["code"] == "4006"
    assert _reset(client, token)[0] == 200


def test_one_reset_makes_every_other_link_of_the_account_worthless(client):
    user = _verified_user()
    _ask(client, user["email"])
    _ask(client, user["email"])
    first, second = (_token_of(link) for link in _links(user["email"])[-2:])
    assert _reset(client, second)[0] == 200
    assert _reset(client, first, "yet-another-one")[0] == 400
    assert call(client, "POST", "/users/find/password/", {"access_token": first})[0] == 400


def test_a_password_change_also_ends_the_links_sent_before(client):
    user = _verified_user()
    _ask(client, user["email"])
    token = _token_of(_links(user["email"])[-1])
    change = {"old_password": PASSWORD, "new_password": NEW, "new_password2": NEW}
    assert call(client, "PUT", "/password/", change, token=user["token"])[0] == 200
    assert _reset(client, token, "yet-another-one")[0] == 400


def test_expired_forged_and_other_purposes_tokens_are_refused(client):
    user = _verified_user()
    _ask(client, user["email"])
    claims = tokens.verify(RESET_PURPOSE, _token_of(_links(user["email"])[-1]))
    same = {"nonce": claims["nonce"], "ver": claims["ver"]}
    expired = tokens.sign(RESET_PURPOSE, str(user["id"]), 1800, now=time.time() - 1801, **same)
    other_purpose = tokens.sign("email-verify", str(user["id"]), 1800, **same)
    for token in (expired, other_purpose, user["token"], "forged.token.here", "x"):
        status, body = _reset(client, token)
        assert (status, body["errors"][0]["field"]) == (400, "access_token"), token
    # Nor does a reset token verify an e-mail address
    live = tokens.sign(RESET_PURPOSE, str(user["id"]), 1800, **same)
    assert call(client, "GET", f"/emails/verification/?token={live}")[0] == 400
    assert _reset(client, live)[0] == 200  # the nonce was never spent by those


def test_two_resets_with_one_link_at_once_only_one_wins(client):
    user = _verified_user()
    _ask(client, user["email"])
    token = _token_of(_links(user["email"])[-1])
    outcomes = at_once(lambda password: _reset(client, token, password)[0], [("password-one-1",), ("password-two-2",)])
    assert sorted(outcomes) == [200, 400]


def test_reset_mails_are_limited_per_client_address_and_per_address(client, settings):
    settings.password_reset_limit_per_address_day = 2
    user = _verified_user()
    assert [_ask(client, user["email"])[0] for _ in range(2)] == [200, 200]
    status, body = _ask(client, user["email"])
    assert (status, body["code"]) == (429, "4002")
    assert len(_links(user["email"])) == 2
    # Per client address, whatever the address asked about: the two mails sent count, the refused ask does not
    settings.password_reset_limit_per_ip_hour = 2
    status, body = _ask(client, "nobody-here@example.com")
    assert (status, body["code"]) == (429, "4002")


def test_a_malformed_address_is_400(client):
    status, body = call(client, "GET", "/users/find/password/?email=not-an-address")
    assert (status, body["errors"][0]["field"]) == (400, "email")
