"""CORS for browser front-ends on other origins: the exact allowed origin echoed, with credentials, never `*`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from chalice import Response
from chalice.app import Request

from chalicelib.core.base_url import public_base
from chalicelib.core.settings import get_settings

ALLOW_HEADERS = "Authorization, Content-Type, X-Cart-Id, Idempotency-Key"
EXPOSE_HEADERS = "X-Cart-Id, X-Request-Id, Retry-After"
MAX_AGE_SECONDS = "600"


def allowed_origin(request: Request) -> str | None:
    """The request's Origin when it is on the allow-list (CORS_ALLOW_ORIGINS), else None."""
    headers: Any = request.headers or {}
    origin = str(headers.get("origin") or "")
    return origin if origin and origin in get_settings().cors_origins() else None


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def trusted_origin(request: Request) -> bool:
    """True when the page that sent this request is on the allow-list or is the API's own (PUBLIC_URL's origin).

    `Origin` first, else `Referer`'s origin (Django's CSRF check does the same); neither means not trusted, so a
    cookie alone never authorises a write. Browsers set both headers themselves: a page cannot forge them.
    """
    headers: Any = request.headers or {}
    origin = str(headers.get("origin") or "") or _origin_of(str(headers.get("referer") or ""))
    if not origin or origin == "null":
        return False
    return origin in get_settings().cors_origins() or origin == _origin_of(public_base())


def foreign_origin(request: Request) -> bool:
    """True when a browser says this request comes from a page that is neither allowed nor ours (login CSRF)."""
    headers: Any = request.headers or {}
    return bool(headers.get("origin")) and not trusted_origin(request)


def decorate(response: Response, request: Request) -> Response:
    """Let an allowed origin read this answer (cookies included); caches must key it by Origin."""
    response.headers["Vary"] = "Origin"
    origin = allowed_origin(request)
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    return response


def preflight(request: Request, methods: Iterable[str]) -> Response:
    """The answer to a preflight OPTIONS: the path's methods and the headers the API reads, for allowed origins.

    Another origin gets no Access-Control-* header at all, so the browser refuses the real request.
    """
    response = Response(body="", status_code=204, headers={})
    if allowed_origin(request) is not None:
        response.headers["Access-Control-Allow-Methods"] = ", ".join(sorted({*methods, "OPTIONS"}))
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = MAX_AGE_SECONDS
    return decorate(response, request)
