"""Server-side login sessions for pages that keep a user logged in by cookie (seed 001's `login(request, user)`).

A session lives in Redis, as the seed's Django sessions do (django-redis as SESSION_ENGINE's cache): one GET checks
it, its TTL ends it, and a DEL revokes it at once. Only a SHA-256 of the cookie's value is stored, so a copy of
Redis holds no usable session. Each user's session keys are also kept in a set, so a password change or a demotion
ends all of them in one round trip.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalice.app import Request

from chalicelib.core.base_url import public_base
from chalicelib.core.cookies import cookie

if TYPE_CHECKING:  # redis-py is imported on first use (core/clients.py): functions never calling it skip its import
    import redis

SESSION_COOKIE = "sessionid"  # Django's name, as the seed's pages never read it (HttpOnly)
USERNAME_COOKIE = "username"  # readable by the page, which shows who is logged in
REMEMBERED_SECONDS = 14 * 86400  # Django's SESSION_COOKIE_AGE: `remembered` keeps the login two weeks
# A browser-session cookie dies with the browser; the server forgets it after a day whatever the browser does.
BROWSER_SESSION_SECONDS = 86400
_SID_BYTES = 32


@dataclass(frozen=True)
class Session:
    """Who a session cookie logs in, and the token version it was issued at (a later version revokes it)."""

    user_id: int
    username: str
    token_version: int


def _key(sid: str) -> str:
    return "session_" + hashlib.sha256(sid.encode()).hexdigest()


def _user_key(user_id: int) -> str:
    return f"sessions_of_{user_id}"


def presented(request: Request) -> str | None:
    """The session cookie's value this request carries, if any (a malformed Cookie header carries none)."""
    value = cookie(request, SESSION_COOKIE)
    return value if 0 < len(value) <= 64 else None


def start(r: redis.Redis, session: Session, remembered: bool) -> tuple[str, int]:
    """A new session for the user: (the cookie's value, its lifetime in seconds)."""
    sid = secrets.token_urlsafe(_SID_BYTES)
    ttl = REMEMBERED_SECONDS if remembered else BROWSER_SESSION_SECONDS
    record = json.dumps({"u": session.user_id, "n": session.username, "v": session.token_version})
    pipe = r.pipeline(transaction=True)
    pipe.set(_key(sid), record, ex=ttl)
    pipe.sadd(_user_key(session.user_id), _key(sid))
    pipe.expire(_user_key(session.user_id), REMEMBERED_SECONDS)
    pipe.execute()
    return sid, ttl


def find(r: redis.Redis, sid: str) -> Session | None:
    """The live session a cookie names, in one round trip; None when unknown, ended or expired."""
    raw = r.get(_key(sid))
    if raw is None:
        return None
    record = json.loads(raw)
    return Session(int(record["u"]), str(record["n"]), int(record["v"]))


def end(r: redis.Redis, sid: str) -> None:
    """End one session (log out): the cookie is worthless from now on, in every container."""
    found = find(r, sid)
    pipe = r.pipeline(transaction=True)
    pipe.delete(_key(sid))
    if found is not None:
        pipe.srem(_user_key(found.user_id), _key(sid))
    pipe.execute()


def end_all(r: redis.Redis, user_id: int) -> None:
    """End every session of a user (password change, demotion, log out everywhere)."""
    keys = [str(k) for k in r.smembers(_user_key(user_id))]
    r.delete(*keys, _user_key(user_id))


def _attributes(max_age: int | None) -> str:
    secure = "; Secure" if public_base().startswith("https://") else ""
    lifetime = f"; Max-Age={max_age}" if max_age is not None else ""
    return f"; Path=/; SameSite=Lax{secure}{lifetime}"


def cookies(sid: str, username: str, ttl: int, remembered: bool) -> list[str]:
    """Set-Cookie values for a new session: HttpOnly `sessionid` and the page's `username`."""
    # Not remembered: browser-session cookies (no Max-Age), as Django's set_expiry(0).
    max_age = ttl if remembered else None
    return [
        f"{SESSION_COOKIE}={sid}{_attributes(max_age)}; HttpOnly",
        f"{USERNAME_COOKIE}={_cookie_text(username)}{_attributes(max_age)}",
    ]


def cleared() -> list[str]:
    """Set-Cookie values that remove both cookies, with the attributes they were set with."""
    return [f"{SESSION_COOKIE}={_attributes(0)}; HttpOnly", f"{USERNAME_COOKIE}={_attributes(0)}"]


def _cookie_text(value: str) -> str:
    # Usernames are [A-Za-z0-9_-] or a mobile; anything else is dropped rather than let it break the header.
    return "".join(c for c in value if c.isascii() and (c.isalnum() or c in "_-"))
