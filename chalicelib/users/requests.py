"""The users context's request schemas, apart from models.py so a function that only authenticates never builds them.

Every API function that meets a caller imports the user types (models.py); only the users' own routes validate
these bodies, and each pydantic model costs about a millisecond of a function's init to build.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints, field_validator

from chalicelib.core.schemas import Body, Query
from chalicelib.users.models import EMAIL_PATTERN, Mobile, Password, Username


class RegisterRequest(Body):
    username: Username
    password: Password
    password2: Password
    mobile: Mobile
    sms_code: Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
    allow: bool

    @field_validator("username")
    @classmethod
    def not_all_digits(cls, value: str) -> str:
        if value.isdigit():
            raise ValueError("must not be all digits")
        return value


class LoginRequest(Body):
    username: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class EmailRequest(Body):
    email: Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)]


class AvatarRequest(Body):
    # The `key` POST /uploads/ answered for an avatar upload of the caller's.
    key: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class EmailVerifyQuery(Query):
    token: Annotated[str, StringConstraints(min_length=1, max_length=2048)]


class SessionLoginRequest(LoginRequest):
    # The seed's "记住登录" box: two weeks, else a browser-session cookie.
    remembered: bool = False


class PasswordChangeRequest(Body):
    old_password: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    new_password: Password
    new_password2: Password
