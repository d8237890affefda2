"""Login tokens, session cookies and the principal of a request.

A token (the `Authorization` header) or a session cookie (core/sessions.py) says who the caller is; what can be
revoked (staff rights, an active account, every token and session at once) is re-read from the user record on each
request, through a per-container cache of a few seconds. That lookup belongs to the users context, which hands it
over where an app is wired (`use_principal_lookup`), so core imports no context. A write authenticated by the cookie
alone must come from a trusted page (core/cors.py), so another site cannot ride the browser's cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from chalice.app import Request

from chalicelib.core import cors, sessions, tokens
from chalicelib.core.errors import Forbidden, NotAuthenticated
from chalicelib.core.settings import get_settings

_SCHEMES = {"bearer", "jwt"}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN = "login"


class Standing(Protocol):
    """What authorisation re-reads of a user on each request (the users context's `Standing` answers it)."""

    @property
    def is_staff(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def token_version(self) -> int: ...

    @property
    def avatar(self) -> str | None: ...

    @property
    def nickname(self) -> str | None: ...


PrincipalLookup = Callable[[int], Standing | None]
_lookup: PrincipalLookup | None = None


def use_principal_lookup(lookup: PrincipalLookup) -> None:
    """Where a user's standing is read from: wired once per app by the users context (users/principals.py)."""
    global _lookup
    _lookup = lookup


class Principal(NamedTuple):
    """Who is calling: taken from a verified token only."""

    user_id: int
    username: str
    is_staff: bool = False
    token_version: int = 0
    avatar: str | None = None  # the avatar's media key as the user record stands (re-read with the staff flag)
    nickname: str | None = None  # renran's display name as the user record stands (re-read with the staff flag)


def issue_token(
    user_id: int, username: str, is_staff: bool = False, now: float | None = None, token_version: int = 0
) -> str:
    """A signed login token that expires after JWT_TTL_SECONDS, stamped with the user's token version."""
    ttl = get_settings().jwt_ttl_seconds
    return tokens.sign(LOGIN, str(user_id), ttl, now, username=username, staff=is_staff, ver=token_version)


def decode_token(token: str) -> Principal:
    """Verify signature, algorithm, expiry, subject and that it is a login token; 401 otherwise."""
    try:
        claims = tokens.verify(LOGIN, token)
        return Principal(
            int(claims["sub"]), str(claims.get("username", "")), bool(claims.get("staff")), int(claims.get("ver", 0))
        )
    except (tokens.BadToken, ValueError, TypeError):
        raise NotAuthenticated("token invalid or expired") from None


def current(principal: Principal) -> Principal:
    """The token's caller as the user record stands now: 401 if gone, inactive or revoked; staff as stored."""
    if _lookup is None:
        raise RuntimeError("no principal lookup: the app must call chalicelib.users.principals.wire()")
    now = _lookup(principal.user_id)
    if now is None or not now.is_active or now.token_version != principal.token_version:
        raise NotAuthenticated("token revoked, log in again")
    return principal._replace(is_staff=now.is_staff, avatar=now.avatar, nickname=now.nickname)


def optional_principal(request: Request) -> Principal | None:
    """The caller if a token (first) or a live session cookie is present, else None; a bad token is a 401."""
    headers: Any = request.headers or {}
    header = str(headers.get("authorization") or "")
    if not header:
        return _session_principal(request)
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in _SCHEMES or not token.strip():
        raise NotAuthenticated("token invalid or expired")
    return current(decode_token(token.strip()))


def _session_principal(request: Request) -> Principal | None:
    sid = sessions.presented(request)
    if sid is None:
        return None
    # Imported on first use: only requests that carry a session cookie need Redis for authentication.
    from chalicelib.core.clients import get_redis

    session = sessions.find(get_redis(), sid)
    if session is None:
        return None  # ended or expired: an anonymous caller, as Django treats a stale session
    if request.method.upper() not in SAFE_METHODS and not cors.trusted_origin(request):
        raise Forbidden("a write by session cookie must come from an allowed origin")
    try:
        return current(Principal(session.user_id, session.username, token_version=session.token_version))
    except NotAuthenticated:
        return None  # a password change or demotion ended it


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
