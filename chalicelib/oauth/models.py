"""QQ login's types: the stored binding and the request schemas (the meiduo front-end's field names)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, NamedTuple

from pydantic import StringConstraints

from chalicelib.core.schemas import Body, Query
from chalicelib.users.models import Mobile, Nickname, Password, SmsCode

# The openid ticket is a JWT of a few hundred characters; the code is QQ's, of unspecified length.
_Ticket = Annotated[str, StringConstraints(min_length=1, max_length=2048)]
_Code = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class QQBinding(NamedTuple):
    """One QQ identity (openid) bound to one account."""

    openid: str
    user_id: int
    created_at: datetime


class AuthorizationQuery(Query):
    # Where the front-end goes after the login; checked to be a path on this site.
    next: Annotated[str, StringConstraints(max_length=512)] = "/"


class CallbackQuery(Query):
    code: _Code
    # Seed 001's callback page sends only `code`: the state is then the one this browser's cookie holds.
    state: Annotated[str, StringConstraints(min_length=1, max_length=128)] | None = None


class BindRequest(Body):
    mobile: Mobile
    # An existing account's password is compared, not re-validated; a new account's has 8 to 20 characters.
    password: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    sms_code: Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
    access_token: _Ticket


class RenranCallbackQuery(Query):
    # Renran's pages send no cookies: the state comes back in the query only, and must be one this server issued.
    code: _Code
    state: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class RenranBindLoginRequest(Body):
    # Binds an existing account: its username (or mobile) and password. `openid` is our signed ticket; the page
    # echoes `access_token` and `refresh_token` too, which carry nothing more.
    username: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    openid: _Ticket
    access_token: _Ticket | None = None
    refresh_token: _Ticket | None = None


class RenranBindRegisterRequest(Body):
    mobile: Mobile
    nickname: Nickname
    sms_code: SmsCode
    password: Password
    openid: _Ticket
    access_token: _Ticket | None = None
    refresh_token: _Ticket | None = None
