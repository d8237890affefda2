"""QQ Connect's OAuth 2.0 in its own wire format: the authorize URL, then code → access token → openid over HTTP.

Token answers are a query string (`access_token=...&expires_in=...&refresh_token=...`), openid answers and every
error are JSON wrapped in JSONP (`callback( {...} );`), as wiki.connect.qq.com documents the server-side flow.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, NoReturn
from urllib.parse import parse_qs, urlencode, urlsplit

from chalicelib.core.errors import BadGateway, ServiceUnavailable
from chalicelib.core.observability import logger

# QQ's return codes for a code it will not exchange: cannot read, exchange failed, reused (公共返回码说明), and
# a redirect_uri other than the code's: a code of another login (see `redirect_for`).
_CODE_ERRORS = frozenset({"100010", "100018", "100019", "100020"})
_CALLBACK = re.compile(r"^\s*callback\(\s*(?P<body>.*?)\s*\)\s*;?\s*$", re.DOTALL)
_OPENID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ACCESS_TOKEN = re.compile(r"^[!-~]{1,512}$")  # printable ASCII without spaces: it goes back into a URL
# Every answer of QQ's fits in a few hundred bytes; more is not QQ speaking.
MAX_ANSWER_BYTES = 16384
LOGIN_MARK = "login"  # the callback URL's parameter that ties a code to the login (state) it was issued for

Fetch = Callable[[str, float], str]


class CodeRefused(Exception):
    """QQ will not exchange this authorization code: expired, already used or never issued."""


class QQApp(NamedTuple):
    """One app registered on QQ Connect, and where QQ answers."""

    client_id: str
    client_secret: str
    redirect_uri: str
    base_url: str
    timeout_seconds: float


def http_get(url: str, timeout_seconds: float) -> str:
    """The body of a GET; 503 when QQ cannot be reached in time, 502 when it answers an HTTP error or no text."""
    # The settings admit http(s) base URLs only, so no file:// or ftp:// URL reaches urllib.
    request = urllib.request.Request(url, headers={"Accept": "*/*", "User-Agent": "shop-qq-login"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout_seconds) as response:  # noqa: S310
            raw = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        body = exc.read(MAX_ANSWER_BYTES).decode("utf-8", "replace")
        # An error body in QQ's own format says more (a refused code) than the status does.
        if (payload := _json_object(body, strict=False)) is not None and "error" in payload:
            _raise_error(payload)
        raise _bad_gateway(f"HTTP {exc.code}") from None
    except OSError as exc:  # refused, reset, DNS, TLS, timeouts: nothing usable came back
        logger.warning("QQ unreachable", extra={"reason": type(exc).__name__})
        raise ServiceUnavailable("QQ login is unavailable, retry later") from None
    except http.client.HTTPException as exc:  # something answered, but not HTTP
        raise _bad_gateway(type(exc).__name__) from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise _bad_gateway("oversized answer")
    try:
        return str(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _bad_gateway("answer is not UTF-8") from None


def _bad_gateway(reason: str) -> BadGateway:
    logger.warning("QQ answered nonsense", extra={"reason": reason})
    return BadGateway("QQ login failed, retry later")


def _json_object(text: str, strict: bool = True) -> dict[str, Any] | None:
    """The object of a JSONP `callback( {...} );` or bare JSON answer; None when the text is neither."""
    match = _CALLBACK.match(text)
    body = match.group("body") if match else text.strip()
    if not body.startswith("{"):
        return None
    try:
        value = json.loads(body)
    except ValueError:
        if not strict:
            return None
        raise _bad_gateway("malformed JSON") from None
    if not isinstance(value, dict):
        raise _bad_gateway("JSON answer is not an object")
    return value


def _raise_error(payload: dict[str, Any]) -> NoReturn:
    """QQ's `{"error": n, "error_description": ...}` as CodeRefused or a 502."""
    error = str(payload.get("error", ""))
    logger.warning(
        "QQ answered an error", extra={"qq_error": error, "qq_description": payload.get("error_description")}
    )
    if error in _CODE_ERRORS:
        raise CodeRefused(error)
    raise BadGateway("QQ login failed, retry later")


def parse_token_answer(text: str) -> str:
    """The access token of a token endpoint answer; CodeRefused or 502 for an error answer or garbage."""
    payload = _json_object(text)
    if payload is not None:
        if "error" in payload:
            _raise_error(payload)
        token = payload.get("access_token")  # QQ answers JSON when asked with fmt=json
    else:
        tokens = parse_qs(text.strip(), keep_blank_values=True).get("access_token", [])
        token = tokens[0] if len(tokens) == 1 else None
    if not isinstance(token, str) or not _ACCESS_TOKEN.match(token):
        raise _bad_gateway("token answer without an access_token")
    return token


def parse_openid_answer(text: str, client_id: str) -> str:
    """The openid of a `/oauth2.0/me` answer for our client; 502 for an error, garbage or another client's."""
    payload = _json_object(text)
    if payload is None:
        raise _bad_gateway("openid answer is not JSON")
    if "error" in payload:
        _raise_error(payload)
    if str(payload.get("client_id", "")) != client_id:
        raise _bad_gateway("openid answer for another client")
    openid = payload.get("openid")
    if not isinstance(openid, str) or not _OPENID.match(openid):
        raise _bad_gateway("openid answer without a usable openid")
    return openid


@dataclass(frozen=True)
class QQProvider:
    """QQ's three endpoints for one app; `fetch` is the HTTP GET (a fake in unit tests)."""

    app: QQApp
    fetch: Fetch = http_get

    def _url(self, path: str, **params: str) -> str:
        return f"{self.app.base_url.rstrip('/')}{path}?{urlencode(params)}"

    def redirect_for(self, state: str) -> str:
        """The callback page's URL for the login that `state` began, marked with a digest of that state.

        QQ redeems a code only with the redirect_uri it was issued for (RFC 6749 §4.1.3), so a code from another
        login (an attacker's, pasted into a browser that began one of its own) fails the exchange even when the
        page sends no `state` and the browser's own state cookie is the one spent.
        """
        mark = hashlib.sha256(state.encode()).hexdigest()[:16]
        separator = "&" if urlsplit(self.app.redirect_uri).query else "?"
        return f"{self.app.redirect_uri}{separator}{urlencode({LOGIN_MARK: mark})}"

    def authorize_url(self, state: str) -> str:
        """Where the browser asks the user to let this app know who they are."""
        return self._url(
            "/oauth2.0/authorize",
            response_type="code",
            client_id=self.app.client_id,
            redirect_uri=self.redirect_for(state),
            state=state,
        )

    def openid_for(self, code: str, state: str) -> str:
        """Exchange the code of the login `state` began for the user's openid: two calls to QQ."""
        token_url = self._url(
            "/oauth2.0/token",
            grant_type="authorization_code",
            client_id=self.app.client_id,
            client_secret=self.app.client_secret,
            code=code,
            redirect_uri=self.redirect_for(state),
        )
        access_token = parse_token_answer(self.fetch(token_url, self.app.timeout_seconds))
        answer = self.fetch(self._url("/oauth2.0/me", access_token=access_token), self.app.timeout_seconds)
        return parse_openid_answer(answer, self.app.client_id)
