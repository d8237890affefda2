"""The OAuth `state`: a server-issued nonce kept in Redis with the page to return to, spent on the way back.

A callback whose state this server did not issue, already spent or let expire is refused, so nobody can make a
browser finish a login it never started (RFC 6749 §10.12). The state is also bound to the browser that asked for
the login URL: an HttpOnly cookie carries it, and a callback is answered only with the state of the browser's own
cookie. An attacker's `code` and `state` (from their own QQ approval) opened in a victim's browser are refused, so
the victim never binds their account to the attacker's QQ identity.
"""

from __future__ import annotations

import hmac
import re
import secrets

import redis
from chalice.app import Request

from chalicelib.core.cookies import cookie as read_cookie

# 32 random bytes, URL-safe base64: what `issue` makes and all `consume` will look up.
STATE_PATTERN = r"^[A-Za-z0-9_-]{43}$"
_STATE = re.compile(STATE_PATTERN)
# A path on this site: one leading slash, then no scheme, host, backslash, whitespace or control character.
_SITE_PATH = re.compile(r"^/(?![/\\])[^\\\s\x00-\x1f\x7f]*$")
MAX_NEXT_LENGTH = 512
STATE_COOKIE = "qq_state"


def _key(state: str) -> str:
    return f"qq_state_{state}"


def is_site_path(next_path: str) -> bool:
    """True for a path on this site (`/orders/`), never `//host`, `/\\host` or `https://elsewhere`."""
    return len(next_path) <= MAX_NEXT_LENGTH and bool(_SITE_PATH.match(next_path))


def issue(r: redis.Redis, next_path: str, ttl_seconds: int) -> str:
    """A fresh state remembering `next_path` for `ttl_seconds`."""
    state = secrets.token_urlsafe(32)
    r.set(_key(state), next_path, ex=ttl_seconds)
    return state


def consume(r: redis.Redis, state: str) -> str | None:
    """The page a state was issued with, spending it in the same command; None if unknown, spent or expired."""
    if not _STATE.match(state):
        return None
    # GETDEL: of two callbacks presenting one state, exactly one gets the page back.
    found = r.getdel(_key(state))
    return str(found) if found is not None else None


def cookie(state: str, ttl_seconds: int, secure: bool) -> str:
    """The Set-Cookie value that binds `state` to this browser for as long as the state lives."""
    flags = "; Secure" if secure else ""
    return f"{STATE_COOKIE}={state}; Max-Age={ttl_seconds}; Path=/; HttpOnly; SameSite=Lax{flags}"


def cleared_cookie(secure: bool) -> str:
    """The Set-Cookie value that removes the state cookie once the callback has spent it."""
    flags = "; Secure" if secure else ""
    return f"{STATE_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax{flags}"


def browsers_state(request: Request, given: str | None) -> str | None:
    """The state this browser may spend: its cookie's, and only if the query's (when sent) is the same one."""
    held = read_cookie(request, STATE_COOKIE)
    if not _STATE.match(held):
        return None
    if given is not None and not hmac.compare_digest(given.encode(), held.encode()):
        return None  # another browser's state: refused without spending this browser's own
    return held
