"""Users use cases: register, log in, profile, SMS codes, e-mail verification."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

import redis

from chalicelib.core import passwords, tokens
from chalicelib.core.auth import issue_token
from chalicelib.core.base_url import public_base
from chalicelib.core.errors import (
    AgreementNotAccepted,
    Conflict,
    InvalidMobile,
    NotFound,
    PasswordsDiffer,
    WrongCredentials,
    field_error,
)
from chalicelib.core.links import media_url
from chalicelib.core.settings import Settings
from chalicelib.media.models import owner_of
from chalicelib.notifications.models import EmailMessage, SmsMessage
from chalicelib.users import accounts, codes, repository, throttles
from chalicelib.users.models import MOBILE_PATTERN, User
from chalicelib.users.requests import EmailRequest, LoginRequest, RegisterRequest

Publish = Callable[[SmsMessage | EmailMessage], None]
_MOBILE = re.compile(MOBILE_PATTERN)
EMAIL_VERIFY = "email-verify"  # the purpose of verification links' tokens


class Users(Protocol):
    """What these use cases need of the user store (the DynamoDB one is `repository`)."""

    def username_taken(self, username: str) -> bool: ...
    def mobile_taken(self, mobile: str) -> bool: ...
    def create_user(self, username: str, mobile: str, password_hash: str, is_staff: bool = False) -> User: ...
    def get_user(self, user_id: int) -> User | None: ...
    def find_by_account(self, account: str, by_mobile: bool) -> User | None: ...
    def set_email(self, user_id: int, email: str) -> None: ...
    def activate_email(self, user_id: int, email: str) -> bool: ...
    def set_password_hash(self, user_id: int, password_hash: str, revoke: bool) -> None: ...
    def revoke_tokens(self, user_id: int) -> None: ...
    def set_avatar(self, user_id: int, key: str) -> None: ...


class SmsCodes(Protocol):
    """Single-use SMS codes (the Redis ones are `codes.RedisCodes`)."""

    def issue(self, mobile: str, client_ip: str) -> str: ...
    def release(self, mobile: str) -> None: ...
    def check(self, mobile: str, given: str) -> str: ...
    def spend(self, mobile: str, checked: str) -> None: ...


def code_policy(settings: Settings) -> codes.CodePolicy:
    """The SMS code rules from settings."""
    return codes.CodePolicy(
        settings.sms_code_ttl_seconds,
        settings.sms_resend_seconds,
        settings.sms_ip_limit_per_hour,
        settings.sms_max_attempts,
    )


def username_count(username: str, users: Users = repository) -> dict[str, Any]:
    """Whether a username is taken, as the seed's 0 or 1 count."""
    return {"username": username, "count": int(users.username_taken(username))}


def mobile_count(mobile: str, users: Users = repository) -> dict[str, Any]:
    """Whether a mobile is taken, as the seed's 0 or 1 count."""
    return {"mobile": mobile, "count": int(users.mobile_taken(mobile))}


def redis_codes(r: redis.Redis, settings: Settings) -> codes.RedisCodes:
    """The SMS codes kept in Redis under the configured policy."""
    return codes.RedisCodes(r, code_policy(settings))


def request_sms_code(mobile: str, client_ip: str, sms: SmsCodes, settings: Settings, publish: Publish) -> None:
    """Issue a code and queue it for delivery; the request never waits for the SMS gateway."""
    if not _MOBILE.match(mobile):
        raise InvalidMobile()
    code = sms.issue(mobile, client_ip)
    try:
        publish(SmsMessage(mobile=mobile, code=code, ttl_minutes=max(settings.sms_code_ttl_seconds // 60, 1)))
    except Exception:
        sms.release(mobile)
        raise


def register(req: RegisterRequest, sms: SmsCodes, users: Users = repository) -> dict[str, Any]:
    """Create a user after checking the agreement, the passwords and the single-use SMS code."""
    if req.password != req.password2:
        raise PasswordsDiffer()
    if not req.allow:
        raise AgreementNotAccepted()
    checked = sms.check(req.mobile, req.sms_code)
    # Duplicates are answered before the code is spent, so a taken username does not burn it.
    if users.username_taken(req.username):
        raise Conflict("username already exists", errors=[{"field": "username", "message": "taken"}])
    if users.mobile_taken(req.mobile):
        raise Conflict("mobile already exists", errors=[{"field": "mobile", "message": "taken"}])
    sms.spend(req.mobile, checked)
    user = users.create_user(req.username, req.mobile, passwords.hash_password(req.password))
    token = issue_token(user.user_id, user.username, user.is_staff, token_version=user.token_version)
    # `user_id` beside `id`: the meiduo front-end keeps the one login answers under that name.
    return {
        "id": user.user_id,
        "user_id": user.user_id,
        "username": user.username,
        "mobile": user.mobile,
        "token": token,
    }


def login_policy(settings: Settings) -> throttles.LoginPolicy:
    """The login limits from settings."""
    return throttles.LoginPolicy(
        settings.login_limit_per_minute,
        settings.login_account_failures,
        settings.login_lock_seconds,
        settings.login_max_lock_seconds,
    )


def login(
    req: LoginRequest, client_ip: str, r: redis.Redis, settings: Settings, users: Users = repository
) -> dict[str, Any]:
    """Log in by username or mobile; the same answer whether the account exists or not."""
    user = authenticate(req, client_ip, r, settings, users)
    token = issue_token(user.user_id, user.username, user.is_staff, token_version=user.token_version)
    return {"token": token, "user_id": user.user_id, "username": user.username}


def authenticate(req: LoginRequest, client_ip: str, r: redis.Redis, settings: Settings, users: Users) -> User:
    """The account whose username or mobile and password these are; 401 "4004" alike for a stranger and a miss.

    Limited per client IP and per account (failures lock it for a time that doubles); a hash made with older
    parameters is replaced by one at today's after the password proved right.
    """
    policy = login_policy(settings)
    throttles.login_gate(r, client_ip, req.username, policy)
    user = users.find_by_account(req.username, by_mobile=bool(_MOBILE.match(req.username)))
    encoded = user.password_hash if user else passwords.dummy_hash()
    if not passwords.verify_password(req.password, encoded) or user is None or not user.is_active:
        throttles.login_failed(r, req.username, policy)
        raise WrongCredentials()
    throttles.login_succeeded(r, req.username)
    if passwords.needs_rehash(user.password_hash):
        users.set_password_hash(user.user_id, passwords.hash_password(req.password), revoke=False)
    return user


def log_out_everywhere(user_id: int, users: Users = repository) -> dict[str, Any]:
    """Revoke every token of the user, this one included."""
    users.revoke_tokens(user_id)
    accounts.forget(user_id)  # this container at once; the others within AUTH_CACHE_SECONDS
    return {}


def info(user_id: int, users: Users = repository) -> dict[str, Any]:
    """The profile the seed's user centre shows."""
    user = users.get_user(user_id)
    if user is None:
        raise NotFound("user not found")
    return {
        "id": user.user_id,
        "username": user.username,
        "mobile": user.mobile,
        "email": user.email or "",
        "email_active": user.email_active,
        "avatar": media_url(user.avatar) if user.avatar else None,
    }


def set_avatar(user_id: int, key: str, users: Users = repository) -> dict[str, Any]:
    """Make an avatar the caller uploaded (POST /uploads/, purpose avatar) theirs; any other key is a 400."""
    if owner_of(key, "avatar") != user_id:
        raise field_error("key", "must be a key POST /uploads/ gave you for an avatar")
    users.set_avatar(user_id, key)
    accounts.forget(user_id)  # this container's next publish copies the new avatar at once
    return {"avatar": media_url(key)}


def set_email(
    user_id: int, req: EmailRequest, r: redis.Redis, settings: Settings, publish: Publish, users: Users = repository
) -> dict[str, Any]:
    """Store the address and queue a signed, expiring verification link, within the per-user and per-address limits.

    The link's token is good for verifying this address only: it can never stand in for a login token.
    """
    limits = (settings.email_limit_per_user_hour, settings.email_limit_per_address_day)
    throttles.mail_allowed(r, user_id, req.email, *limits)
    users.set_email(user_id, req.email)
    token = tokens.sign(EMAIL_VERIFY, str(user_id), settings.email_token_ttl_seconds, email=req.email)
    link = f"{public_base(settings)}/emails/verification/?token={token}"  # the message carries the whole link
    publish(EmailMessage(to=req.email, subject="Verify your e-mail", verify_url=link))
    return {"email": req.email}


def verify_email(token: str, users: Users = repository) -> dict[str, Any]:
    """Activate the address named by a valid link; a stale or forged link is a 400."""
    try:
        claims = tokens.verify(EMAIL_VERIFY, token)
        user_id = int(claims["sub"])
    except (tokens.BadToken, ValueError):
        raise field_error("token", "invalid or expired link") from None
    if not users.activate_email(user_id, str(claims.get("email"))):
        raise field_error("token", "invalid or expired link")
    return {"email_active": True}
