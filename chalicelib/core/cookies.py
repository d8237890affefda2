"""Reading one cookie of a request: the parse every cookie reader (sessions, QQ state, cart id) shares."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from typing import Any

from chalice.app import Request


def cookie(request: Request, name: str) -> str:
    """The value of cookie `name`, or "" when absent or when the Cookie header is malformed (ignored, never a 400)."""
    headers: Any = request.headers or {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(str(headers.get("cookie") or ""))
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel is not None else ""
