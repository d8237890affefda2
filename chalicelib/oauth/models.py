"""QQ login's types: the stored binding and the request schemas (the meiduo front-end's field names)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints

from chalicelib.core.schemas import Body, Query
from chalicelib.users.models import Mobile

# The openid ticket is a JWT of a few hundred characters; the code is QQ's, of unspecified length.
_Ticket = Annotated[str, StringConstraints(min_length=1, max_length=2048)]
_Code = Annotated[str, StringConstraints(min_length=1, max_length=512)]


@dataclass(frozen=True)
class QQBinding:
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
