"""What an attacker tried on accounts: links as logins, raced code guesses, stale staff rights, mail floods."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from chalicelib.core.clients import get_redis
from chalicelib.core.passwords import needs_rehash
from chalicelib.core.settings import get_settings
from chalicelib.users import codes, repository
from chalicelib.users.repository import UserModel
from chalicelib.users.service import code_policy
from tests.concurrency import at_once
from tests.counting import count_redis
from tests.factories import PASSWORD, call, make_user, unique_mobile
from tests.functional.queues import consume, outbox

pytestmark = pytest.mark.usefixtures("services")


def _mailed_token(client, user: dict, email: str) -> str:
    assert call(client, "PUT", "/emails/", {"email": email}, token=user["token"])[0] == 200
    consume("notifications", "notifications_consumer")
    link = [m for m in outbox("email") if m["to"] == email][-1]["verify_url"]
    return parse_qs(urlparse(link).query)["token"][0]


def test_a_mailed_verification_link_is_not_a_login_token(client):
    # Given the token of a verification link, as anyone reading the mail or a request log would see it
    user = make_user()
    token = _mailed_token(client, user, f"{user['username']}@example.com")
    # When it is presented as a login token, then it is refused everywhere
    for path in ("/info/", "/carts/", "/orders/"):
        assert call(client, "GET", path, token=token)[0] == 401, path
    # And a login token is no verification link either
    assert call(client, "GET", f"/emails/verification/?token={user['token']}")[0] == 400
    assert call(client, "GET", f"/emails/verification/?token={token}")[0] == 200


def test_a_guess_at_a_code_is_checked_and_counted_in_one_round_trip(services):
    r, policy, mobile = get_redis(), code_policy(get_settings()), unique_mobile()
    code = codes.issue_code(r, mobile, "10.0.0.9", policy)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with count_redis() as trips, pytest.raises(codes.WrongSmsCode):
        codes.check_code(r, mobile, wrong, policy)
    assert len(trips.round_trips) == 1
    assert r.get(f"sms_attempts_{mobile}") == "1"


def test_a_burst_of_wrong_guesses_kills_the_code_after_the_allowed_attempts(services):
    # Given a live code and 40 wrong guesses sent at once
    r, policy, mobile = get_redis(), code_policy(get_settings()), unique_mobile()
    code = codes.issue_code(r, mobile, "10.0.0.9", policy)
    wrong = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 41)]
    outcomes = at_once(lambda guess: codes.check_code(r, mobile, guess, policy), [(g,) for g in wrong])
    # Then every one was refused, and the right code is dead too: no guess beyond the allowance met a live code
    assert all(isinstance(o, codes.WrongSmsCode) for o in outcomes)
    with pytest.raises(codes.WrongSmsCode):
        codes.check_code(r, mobile, code, policy)
    assert r.get(f"sms_attempts_{mobile}") is None


def test_a_demoted_staff_member_loses_staff_routes_at_once_and_a_deleted_user_everything(client, settings):
    settings.auth_cache_seconds = 0  # as in another container, after the cache window
    staff = make_user(is_staff=True)
    assert call(client, "GET", "/admin/banners/", token=staff["token"])[0] == 200
    repository.set_staff(staff["id"], False)
    assert call(client, "GET", "/admin/banners/", token=staff["token"])[0] == 401  # demotion revokes its tokens
    author = make_user()
    UserModel(author["id"]).delete()
    status, body = call(client, "POST", "/article/", {"title": "t", "content": "c"}, token=author["token"])
    assert (status, body["code"]) == (401, "4101")


def test_log_out_everywhere_revokes_every_token_and_a_new_login_works(client):
    user = make_user()
    assert call(client, "DELETE", "/authorizations/", token=user["token"])[0] == 200
    assert call(client, "GET", "/info/", token=user["token"])[0] == 401
    status, body = call(client, "POST", "/authorizations/", {"username": user["username"], "password": PASSWORD})
    assert status == 200 and call(client, "GET", "/info/", token=body["token"])[0] == 200


def test_failed_logins_lock_the_account_with_retry_after_whatever_the_client_address(client, settings):
    settings.login_account_failures, settings.login_lock_seconds = 3, 30
    user, bystander = make_user(), make_user()
    wrong = {"username": user["username"], "password": "not-the-password"}
    assert [call(client, "POST", "/authorizations/", wrong)[0] for _ in range(3)] == [401, 401, 401]
    response = client.http.post(
        "/authorizations/",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"username": user["username"].upper(), "password": PASSWORD}),
    )
    assert response.status_code == 429 and 0 < int(response.headers["Retry-After"]) <= 30
    good = {"username": bystander["username"], "password": PASSWORD}
    assert call(client, "POST", "/authorizations/", good)[0] == 200


def test_verification_mail_is_limited_per_user_and_per_address(client, settings):
    settings.email_limit_per_user_hour, settings.email_limit_per_address_day = 2, 3
    sender = make_user()
    assert [call(client, "PUT", "/emails/", {"email": f"x{n}@example.com"}, sender["token"])[0] for n in range(3)] == [
        200,
        200,
        429,
    ]
    victim = f"victim-{sender['id']}@example.com"
    senders = [make_user() for _ in range(4)]
    answers = [call(client, "PUT", "/emails/", {"email": victim}, s["token"])[0] for s in senders]
    assert answers == [200, 200, 200, 429]


def test_a_too_early_code_request_says_when_to_retry(client):
    mobile = unique_mobile()
    assert call(client, "GET", f"/sms_codes/{mobile}/")[0] == 200
    response = client.http.get(f"/sms_codes/{mobile}/")
    assert response.status_code == 429 and 0 < int(response.headers["Retry-After"]) <= 60


def test_a_legacy_password_hash_is_upgraded_at_the_next_login(client):
    user = make_user()
    legacy = "scrypt$16384$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$"  # filled below with the digest of PASSWORD
    import base64
    import hashlib

    digest = hashlib.scrypt(PASSWORD.encode(), salt=b"0123456789abcdef", n=2**14, r=8, p=1, dklen=32, maxmem=2**26)
    UserModel(user["id"]).update(actions=[UserModel.password_hash.set(legacy + base64.b64encode(digest).decode())])
    assert call(client, "POST", "/authorizations/", {"username": user["username"], "password": PASSWORD})[0] == 200
    stored = UserModel.get(user["id"], consistent_read=True).password_hash
    assert stored.startswith("$argon2id$") and not needs_rehash(stored)
