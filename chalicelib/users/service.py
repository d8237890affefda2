"""Users use cases: register, log in, profile, SMS codes, e-mail verification."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

import jwt
import redis

from chalicelib.core import passwords
from chalicelib.core.auth import issue_token
from chalicelib.core.errors import (
    AgreementNotAccepted,
    Conflict,
    InvalidMobile,
    NotFound,
    PasswordsDiffer,
    TooFrequent,
    WrongCredentials,
    field_error,
)
from chalicelib.core.settings import Settings
from chalicelib.notifications.models import EmailMessage, SmsMessage
from chalicelib.users import codes
from chalicelib.users import repository as default_repo
from chalicelib.users.models import MOBILE_PATTERN, EmailRequest, LoginRequest, RegisterRequest

Publish = Callable[[SmsMessage | EmailMessage], None]
_MOBILE = re.compile(MOBILE_PATTERN)


def code_policy(settings: Settings) -> codes.CodePolicy:
    """The SMS code rules from settings."""
    return codes.CodePolicy(
        settings.sms_code_ttl_seconds,
        settings.sms_resend_seconds,
        settings.sms_ip_limit_per_hour,
        settings.sms_max_attempts,
    )


def request_sms_code(mobile: str, client_ip: str, r: redis.Redis, settings: Settings, publish: Publish) -> None:
    """Issue a code and queue it for delivery; the request never waits for the SMS gateway."""
    if not _MOBILE.match(mobile):
        raise InvalidMobile()
    code = codes.issue_code(r, mobile, client_ip, code_policy(settings))
    try:
        publish(SmsMessage(mobile=mobile, code=code, ttl_minutes=max(settings.sms_code_ttl_seconds // 60, 1)))
    except Exception:
        codes.release_flag(r, mobile)
        raise


def register(
    req: RegisterRequest, r: redis.Redis, settings: Settings, repo: ModuleType = default_repo
) -> dict[str, Any]:
    """Create a user after checking the agreement, the passwords and the single-use SMS code."""
    if req.password != req.password2:
        raise PasswordsDiffer()
    if not req.allow:
        raise AgreementNotAccepted()
    checked = codes.check_code(r, req.mobile, req.sms_code, code_policy(settings))
    # Duplicates are answered before the code is spent, so a taken username does not burn it.
    if repo.username_taken(req.username):
        raise Conflict("username already exists", errors=[{"field": "username", "message": "taken"}])
    if repo.mobile_taken(req.mobile):
        raise Conflict("mobile already exists", errors=[{"field": "mobile", "message": "taken"}])
    codes.spend_code(r, req.mobile, checked)
    user = repo.create_user(req.username, req.mobile, passwords.hash_password(req.password))
    token = issue_token(user.user_id, user.username, user.is_staff)
    return {"id": user.user_id, "username": user.username, "mobile": user.mobile, "token": token}


def _login_allowed(r: redis.Redis, client_ip: str, limit: int) -> None:
    key = f"login_ip_{client_ip}_{int(time.time() // 60)}"
    pipe = r.pipeline()
    pipe.incr(key)
    pipe.expire(key, 60)
    hits, _ = pipe.execute()
    if int(hits) > limit:
        raise TooFrequent("too many login attempts, wait a minute")


def login(
    req: LoginRequest, client_ip: str, r: redis.Redis, settings: Settings, repo: ModuleType = default_repo
) -> dict[str, Any]:
    """Log in by username or mobile; the same answer whether the account exists or not."""
    _login_allowed(r, client_ip, settings.login_limit_per_minute)
    user = repo.find_by_account(req.username, by_mobile=bool(_MOBILE.match(req.username)))
    encoded = user.password_hash if user else passwords.dummy_hash()
    if not passwords.verify_password(req.password, encoded) or user is None:
        raise WrongCredentials()
    token = issue_token(user.user_id, user.username, user.is_staff)
    return {"token": token, "user_id": user.user_id, "username": user.username}


def info(user_id: int, repo: ModuleType = default_repo) -> dict[str, Any]:
    """The profile the seed's user centre shows."""
    user = repo.get_user(user_id)
    if user is None:
        raise NotFound("user not found")
    return {
        "id": user.user_id,
        "username": user.username,
        "mobile": user.mobile,
        "email": user.email or "",
        "email_active": bool(user.email_active),
    }


def _email_token(user_id: int, email: str, settings: Settings) -> str:
    claims = {
        "sub": str(user_id),
        "email": email,
        "purpose": "email",
        "exp": int(time.time()) + settings.email_token_ttl_seconds,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def set_email(
    user_id: int, req: EmailRequest, settings: Settings, publish: Publish, repo: ModuleType = default_repo
) -> dict[str, Any]:
    """Store the address and queue a signed, expiring verification link."""
    repo.set_email(user_id, req.email)
    link = f"{settings.public_url.rstrip('/')}/emails/verification/?token={_email_token(user_id, req.email, settings)}"
    publish(EmailMessage(to=req.email, subject="Verify your e-mail", verify_url=link))
    return {"email": req.email}


def verify_email(token: str, settings: Settings, repo: ModuleType = default_repo) -> dict[str, Any]:
    """Activate the address named by a valid link; a stale or forged link is a 400."""
    try:
        claims = jwt.decode(token, settings.jwt_secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})
    except jwt.PyJWTError:
        raise field_error("token", "invalid or expired link") from None
    if claims.get("purpose") != "email" or not repo.activate_email(int(claims["sub"]), str(claims.get("email"))):
        raise field_error("token", "invalid or expired link")
    return {"email_active": True}
