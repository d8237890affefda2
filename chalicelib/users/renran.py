"""Renran's user pages: is a mobile free, register with a nickname (named after the mobile), log in.

Its pages keep the token in storage and show `nickname` or else `username`, and `avatar`, from the login answer.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import redis

from chalicelib.core import passwords
from chalicelib.core.auth import issue_token
from chalicelib.core.errors import Conflict, InvalidMobile, WrongCredentials
from chalicelib.core.links import media_url
from chalicelib.core.settings import Settings
from chalicelib.users import repository
from chalicelib.users.errors import LoginRefused, MobileTaken
from chalicelib.users.models import MOBILE_PATTERN, User
from chalicelib.users.renran_models import RenranRegisterRequest
from chalicelib.users.requests import LoginRequest
from chalicelib.users.service import SmsCodes, Users, authenticate

_MOBILE = re.compile(MOBILE_PATTERN)


class RenranUsers(Protocol):
    """The user store as renran's registration needs it (the DynamoDB one is `repository`)."""

    def mobile_taken(self, mobile: str) -> bool: ...
    def create_user(self, username: str, mobile: str, password_hash: str, *, nickname: str | None) -> User: ...


def logged_in(user: User) -> dict[str, Any]:
    """Renran's login answer: a token and what its pages show of the user."""
    token = issue_token(user.user_id, user.username, user.is_staff, token_version=user.token_version)
    return {
        "token": token,
        "id": user.user_id,
        "username": user.username,
        "nickname": user.nickname,
        "avatar": media_url(user.avatar) if user.avatar else None,
    }


def mobile_free(mobile: str, users: RenranUsers = repository) -> dict[str, Any]:
    """200 for a free mobile; 400 for a taken one (the page reads any error as taken) or a malformed one."""
    if not _MOBILE.match(mobile):
        raise InvalidMobile()
    if users.mobile_taken(mobile):
        raise MobileTaken()
    return {"mobile": mobile, "count": 0}


def register(req: RenranRegisterRequest, sms: SmsCodes, users: RenranUsers = repository) -> dict[str, Any]:
    """A new account named after its mobile, with the nickname, after the single-use SMS code; logged in."""
    checked = sms.check(req.mobile, req.sms_code)
    # Answered before the code is spent, so a taken mobile does not burn it; the transaction stays the guard.
    if users.mobile_taken(req.mobile):
        raise Conflict("mobile already exists", errors=[{"field": "mobile", "message": "taken"}])
    sms.spend(req.mobile, checked)
    # Named after the mobile as QQ-created accounts are: all digits, so no chosen username (never all digits)
    # can collide with it, and login by mobile or "username" is the same thing.
    user = users.create_user(req.mobile, req.mobile, passwords.hash_password(req.password), nickname=req.nickname)
    return logged_in(user)


def login(
    req: LoginRequest, client_ip: str, r: redis.Redis, settings: Settings, users: Users = repository
) -> dict[str, Any]:
    """Log in within login's limits (the same as POST /authorizations/); 400 "4004" for wrong credentials."""
    try:
        user = authenticate(req, client_ip, r, settings, users)
    except WrongCredentials:
        raise LoginRefused() from None
    return logged_in(user)
