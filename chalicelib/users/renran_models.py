"""Request schemas of renran's user pages: register with a nickname, captcha, password reset by e-mail."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ModelWrapValidatorHandler, RootModel, StringConstraints, model_validator

from chalicelib.core.schemas import Body, Query
from chalicelib.users.models import EMAIL_PATTERN, Mobile, Nickname, Password, SmsCode
from chalicelib.users.requests import RegisterRequest

# A signed token of a few hundred characters.
_Token = Annotated[str, StringConstraints(min_length=1, max_length=2048)]


class RenranRegisterRequest(Body):
    nickname: Nickname
    mobile: Mobile
    sms_code: SmsCode
    password: Password


class RegisterBody(RootModel[RegisterRequest | RenranRegisterRequest]):
    """POST /users/: meiduo's body (with `username`) or renran's (with `nickname`, no username)."""

    @model_validator(mode="wrap")
    @classmethod
    def _one_of_the_pages(cls, data: Any, handler: ModelWrapValidatorHandler[RegisterBody]) -> RegisterBody:
        # Validated as exactly one of the two, so each bad field is named as that page sent it, never as "root.…".
        if not isinstance(data, dict):
            return handler(data)
        # Renran's page sends a nickname and no username; anything else (an empty body too) is read as meiduo's.
        renran = "nickname" in data and "username" not in data
        return cls.model_construct((RenranRegisterRequest if renran else RegisterRequest).model_validate(data))


class CaptchaQuery(Query):
    # Tencent's tickets run to a few hundred characters, its randstr to a few.
    ticket: Annotated[str, StringConstraints(min_length=1, max_length=2048)]
    randstr: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    # The account the captcha guards (username or mobile), when the page names it: limited per account too.
    username: Annotated[str, StringConstraints(min_length=1, max_length=20)] | None = None


class ResetMailQuery(Query):
    email: Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)]


class ResetTokenRequest(Body):
    access_token: _Token


class ResetPasswordRequest(Body):
    access_token: _Token
    password: Password
    password2: Password
