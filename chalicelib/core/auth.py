"""JWT issue and check; the principal of a request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import jwt
from chalice.app import Request

from chalicelib.core.errors import Forbidden, NotAuthenticated
from chalicelib.core.settings import get_settings

_SCHEMES = {"bearer", "jwt"}
_ALGORITHM = "HS256"


@dataclass(frozen=True)
class Principal:
    """Who is calling: taken from a verified token only."""

    user_id: int
    username: str
    is_staff: bool = False


def issue_token(user_id: int, username: str, is_staff: bool = False, now: float | None = None) -> str:
    """A signed token that expires after JWT_TTL_SECONDS."""
    settings = get_settings()
    issued = int(now if now is not None else time.time())
    claims = {
        "sub": str(user_id),
        "username": username,
        "staff": is_staff,
        "iat": issued,
        "exp": issued + settings.jwt_ttl_seconds,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm=_ALGORITHM)


def decode_token(token: str) -> Principal:
    """Verify signature, algorithm, expiry and subject; 401 otherwise."""
    try:
        claims = jwt.decode(
            token,
            get_settings().jwt_secret,
            algorithms=[_ALGORITHM],
            options={"require": ["exp", "sub"]},
        )
        return Principal(int(claims["sub"]), str(claims.get("username", "")), bool(claims.get("staff")))
    except (jwt.PyJWTError, ValueError, TypeError):
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
