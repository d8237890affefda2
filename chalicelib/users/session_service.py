"""Seed 001's session edition of the users use cases: register and log in by cookie, log out, change password."""

from __future__ import annotations

from typing import Any

import redis

from chalicelib.core import passwords, sessions
from chalicelib.core.auth import decode_token
from chalicelib.core.errors import NotAuthenticated, PasswordsDiffer, field_error
from chalicelib.core.settings import Settings
from chalicelib.users import accounts, repository, throttles
from chalicelib.users.requests import PasswordChangeRequest
from chalicelib.users.service import Users, login_policy


def open_session(r: redis.Redis, token: str, remembered: bool) -> list[str]:
    """A session for the user a just-issued login token names; the Set-Cookie values that carry it."""
    principal = decode_token(token)
    sid, ttl = sessions.start(
        r, sessions.Session(principal.user_id, principal.username, principal.token_version), remembered
    )
    return sessions.cookies(sid, principal.username, ttl, remembered)


def close_session(r: redis.Redis, sid: str | None) -> list[str]:
    """End the session the browser presents (if any); the Set-Cookie values that clear both cookies."""
    if sid is not None:
        sessions.end(r, sid)
    return sessions.cleared()


def change_password(
    user_id: int,
    req: PasswordChangeRequest,
    client_ip: str,
    r: redis.Redis,
    settings: Settings,
    users: Users = repository,
) -> list[str]:
    """Check the old password, store the new one and end every token and session of the user."""
    user = users.get_user(user_id)
    if user is None:
        raise NotAuthenticated()
    policy = login_policy(settings)
    # The same per-account lock as login: a stolen session cannot guess the password at leisure.
    throttles.login_gate(r, client_ip, user.username, policy)
    if not passwords.verify_password(req.old_password, user.password_hash):
        throttles.login_failed(r, user.username, policy)
        raise field_error("old_password", "wrong password")
    if req.new_password != req.new_password2:
        raise PasswordsDiffer()
    users.set_password_hash(user_id, passwords.hash_password(req.new_password), revoke=True)
    sessions.end_all(r, user_id)
    accounts.forget(user_id)  # this container at once; the others within AUTH_CACHE_SECONDS
    return sessions.cleared()


def answer_fields(result: dict[str, Any], *names: str) -> dict[str, Any]:
    """Only the named fields of a use case's answer (the session edition's bodies carry no token)."""
    return {name: result[name] for name in names}
