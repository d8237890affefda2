"""Tokens: only a correctly signed, unexpired HS256 token with a subject is accepted."""

import base64
import json
import time
from typing import Any, cast

import jwt
import pytest

from chalicelib.core import auth, tokens
from chalicelib.core.auth import decode_token, issue_token, optional_principal, require_staff
from chalicelib.core.errors import Forbidden, NotAuthenticated
from chalicelib.core.settings import get_settings
from chalicelib.users.models import Standing
from infra.usage import reached


class FakeRequest:
    def __init__(self, authorization: str | None) -> None:
        self.headers = {"authorization": authorization} if authorization else {}


def fake(*args: Any) -> Any:
    return cast(Any, FakeRequest(*args))


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_issued_token_decodes_to_its_user():
    principal = decode_token(issue_token(7, "alice", is_staff=True))
    assert (principal.user_id, principal.username, principal.is_staff) == (7, "alice", True)


@pytest.mark.parametrize("scheme", ["Bearer", "JWT", "jwt", "bearer"])
def test_both_header_schemes_are_accepted_case_insensitively(scheme):
    principal = optional_principal(fake(f"{scheme} {issue_token(3, 'bob')}"))
    assert principal is not None and principal.user_id == 3


def test_alg_none_token_is_rejected():
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({'sub': '1', 'exp': int(time.time()) + 60})}."
    with pytest.raises(NotAuthenticated):
        decode_token(token)


def test_token_signed_with_another_secret_is_rejected():
    token = jwt.encode(
        {"sub": "1", "exp": int(time.time()) + 60}, "another-secret-of-enough-length-for-hs256", algorithm="HS256"
    )
    with pytest.raises(NotAuthenticated):
        decode_token(token)


def test_expired_token_is_rejected():
    token = issue_token(1, "alice", now=time.time() - get_settings().jwt_ttl_seconds - 5)
    with pytest.raises(NotAuthenticated):
        decode_token(token)


def test_token_without_subject_is_rejected():
    claims = {"exp": int(time.time()) + 60, "aud": tokens.audience("login")}
    token = jwt.encode(claims, get_settings().jwt_secret, algorithm="HS256")
    with pytest.raises(NotAuthenticated):
        decode_token(token)


@pytest.mark.parametrize("purpose", ["email-verify", "qq-bind", "cart"])
def test_a_token_made_for_another_purpose_is_not_a_login_token(purpose):
    # Same secret, valid signature, subject and expiry: only the purpose differs.
    token = tokens.sign(purpose, "7", 600, username="alice", staff=True)
    with pytest.raises(NotAuthenticated):
        decode_token(token)
    assert tokens.verify(purpose, token)["sub"] == "7"


def test_a_login_token_is_not_accepted_for_another_purpose():
    with pytest.raises(tokens.BadToken):
        tokens.verify("email-verify", issue_token(7, "alice"))


def test_unknown_scheme_is_rejected_and_no_header_is_anonymous():
    with pytest.raises(NotAuthenticated):
        optional_principal(fake(f"Basic {issue_token(1, 'a')}"))
    assert optional_principal(fake(None)) is None


def _bearer(token: str) -> Any:
    return fake(f"Bearer {token}")


def test_staff_rights_come_from_the_user_record_not_the_token(standings):
    standings[7] = Standing(is_staff=False, is_active=True, token_version=0)
    with pytest.raises(Forbidden):
        require_staff(_bearer(issue_token(7, "alice", is_staff=True)))
    standings[8] = Standing(is_staff=True, is_active=True, token_version=0)
    assert require_staff(_bearer(issue_token(8, "bob", is_staff=False))).is_staff


@pytest.mark.parametrize(
    "standing",
    [None, Standing(is_staff=False, is_active=False, token_version=0), Standing(False, True, token_version=1)],
    ids=["user-gone", "deactivated", "tokens-revoked"],
)
def test_a_token_is_refused_once_its_user_is_gone_deactivated_or_revoked(standing):
    auth.use_principal_lookup(lambda user_id: standing)
    with pytest.raises(NotAuthenticated):
        optional_principal(_bearer(issue_token(7, "alice", token_version=0)))


def test_a_token_of_the_current_version_is_accepted(standings):
    standings[7] = Standing(is_staff=False, is_active=True, token_version=3)
    principal = optional_principal(_bearer(issue_token(7, "alice", token_version=3)))
    assert principal is not None and principal.user_id == 7


def test_a_token_is_never_taken_on_trust_when_no_lookup_is_wired(monkeypatch):
    monkeypatch.setattr(auth, "_lookup", None)
    with pytest.raises(RuntimeError, match="principal lookup"):
        optional_principal(_bearer(issue_token(7, "alice")))


def test_authentication_imports_no_context_so_it_reaches_no_table_of_its_own():
    contexts = {name.split(".")[1] for name in reached("chalicelib.core.auth") if name.count(".") >= 1}
    assert contexts == {"core"}
