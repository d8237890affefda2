"""Login tokens and the principal of a request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalice.app import Request

from chalicelib.core import tokens
from chalicelib.core.errors import Forbidden, NotAuthenticated
from chalicelib.core.settings import get_settings

_SCHEMES = {"bearer", "jwt"}
LOGIN = "login"


@dataclass(frozen=True)
class Principal:
    """Who is calling: taken from a verified token only."""

    user_id: int
    username: str
    is_staff: bool = False


def issue_token(user_id: int, username: str, is_staff: bool = False, now: float | None = None) -> str:
    """A signed login token that expires after JWT_TTL_SECONDS."""
    ttl = get_settings().jwt_ttl_seconds
    return tokens.sign(LOGIN, str(user_id), ttl, now, username=username, staff=is_staff)


def decode_token(token: str) -> Principal:
    """Verify signature, algorithm, expiry, subject and that it is a login token; 401 otherwise."""
    try:
        claims = tokens.verify(LOGIN, token)
        return Principal(int(claims["sub"]), str(claims.get("username", "")), bool(claims.get("staff")))
    except (tokens.BadToken, ValueError, TypeError):
        raise NotAuthenticated("token invalid or expired") from None


def optional_principal(request: Request) -> Principal | None:
    """The caller if a token is present (and valid), else None."""
    headers: Any = request.headers or {}
    header = str(headers.get("authorization") or "")
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in _SCHEMES or not token.strip():
        raise NotAuthenticated("token invalid or expired")
    return decode_token(token.strip())


def require_user(request: Request) -> Principal:
    """The caller; 401 "4101" when there is no valid token."""
    principal = optional_principal(request)
    if principal is None:
        raise NotAuthenticated()
    return principal


def require_staff(request: Request) -> Principal:
    """A staff caller; 403 "4103" for other users."""
    principal = require_user(request)
    if not principal.is_staff:
        raise Forbidden()
    return principal
