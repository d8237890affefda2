"""Password reset by e-mail (renran's 找回密码): a link to a verified address, its token spent once.

The token is a JWT for the purpose `password-reset` only, naming the user, the token version the account had and a
nonce. The nonce lives in Redis for the token's life and is spent with GETDEL by the reset, so of two requests with
one link exactly one resets; a reset (or any password change) bumps the token version, so every other link the
account was sent dies with it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, Protocol

import redis

from chalicelib.core import passwords, sessions, tokens
from chalicelib.core.base_url import public_base
from chalicelib.core.errors import InvalidInput, PasswordsDiffer, field_error
from chalicelib.core.settings import Settings
from chalicelib.notifications.models import EmailMessage
from chalicelib.users import accounts, repository, throttles
from chalicelib.users.models import User
from chalicelib.users.renran_models import ResetPasswordRequest

RESET_PURPOSE = "password-reset"
# The same answer whether or not an account has the address: the page learns nothing of who is registered.
SENT = "If an account has this verified e-mail address, a link to reset its password is on its way."

Publish = Callable[[EmailMessage], None]


class ResetUsers(Protocol):
    """The user store as password reset needs it (the DynamoDB one is `repository`)."""

    def find_by_verified_email(self, email: str, limit: int = 5) -> list[User]: ...
    def get_user(self, user_id: int) -> User | None: ...
    def set_password_hash(self, user_id: int, password_hash: str, revoke: bool) -> None: ...


def _nonce_key(nonce: str) -> str:
    return f"pwreset_{nonce}"


def page_url(settings: Settings) -> str:
    """The page the mail links to: PASSWORD_RESET_URL, else the base URL + /reset_password."""
    return settings.password_reset_url or f"{public_base(settings)}/reset_password"


def send_links(
    email: str, client_ip: str, r: redis.Redis, settings: Settings, publish: Publish, users: ResetUsers = repository
) -> str:
    """Queue a reset link to every account whose verified address this is (within the limits); the same answer."""
    limits = (settings.password_reset_limit_per_ip_hour, settings.password_reset_limit_per_address_day)
    throttles.reset_mail_allowed(r, client_ip, email, *limits)
    ttl, page = settings.password_reset_ttl_seconds, page_url(settings)
    for user in users.find_by_verified_email(email):
        nonce = secrets.token_urlsafe(24)
        r.set(_nonce_key(nonce), user.user_id, ex=ttl)
        token = tokens.sign(RESET_PURPOSE, str(user.user_id), ttl, nonce=nonce, ver=user.token_version)
        link = f"{page}{'&' if '?' in page else '?'}access_token={token}"
        subject = "Reset your password"
        publish(
            EmailMessage(
                to=user.email or email, subject=subject, verify_url=link, purpose="reset", username=user.username
            )
        )
    return SENT


def _bad_link() -> InvalidInput:
    return field_error("access_token", "invalid, used or expired: ask for a new link")


def _holder(token: str, r: redis.Redis, users: ResetUsers) -> tuple[User, str]:
    """The user a live link is for and its nonce; 400 for a forged, expired, spent or superseded one."""
    try:
        claims = tokens.verify(RESET_PURPOSE, token)
        user_id, nonce, version = int(claims["sub"]), str(claims["nonce"]), int(claims["ver"])
    except (tokens.BadToken, KeyError, TypeError, ValueError):
        raise _bad_link() from None
    user = users.get_user(user_id)
    # A password change since the mail (this link's or another's) bumped the version: the link is dead.
    if user is None or not user.is_active or user.token_version != version or not r.exists(_nonce_key(nonce)):
        raise _bad_link()
    return user, nonce


def email_of(token: str, r: redis.Redis, users: ResetUsers = repository) -> dict[str, Any]:
    """The address a live link was sent to (the page shows it above the new-password form); nothing spent."""
    user, _ = _holder(token, r, users)
    return {"email": user.email or ""}


def reset(req: ResetPasswordRequest, r: redis.Redis, users: ResetUsers = repository) -> dict[str, Any]:
    """Store the new password, spend the link, and end every token and session of the user."""
    user, nonce = _holder(req.access_token, r, users)
    if req.password != req.password2:
        raise PasswordsDiffer()
    # GETDEL: of two resets presenting one link, exactly one gets the nonce back.
    if r.getdel(_nonce_key(nonce)) is None:
        raise _bad_link()
    users.set_password_hash(user.user_id, passwords.hash_password(req.password), revoke=True)
    sessions.end_all(r, user.user_id)
    accounts.forget(user.user_id)  # this container at once; the others within AUTH_CACHE_SECONDS
    return {"username": user.username}
