"""A page's calls as a browser makes them from its origin: the preflight, credentials, and what the page reads."""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from tests.e2e.front_end_calls import Call, Captcha, Outbox, Ref, Step, Upload

ORIGIN = "http://127.0.0.1:8080"  # a default CORS_ALLOW_ORIGINS origin, where the course front-ends' dev servers run
POLL_SECONDS = 30
_SEGMENT = re.compile(r"^(?P<key>[^\[]*)(?P<index>(\[\d+\])*)$")
_MISSING = object()


def lookup(body: Any, path: str) -> Any:
    """The value at a dotted path (`a.b[0].c`, `*` = an object's first value), or `_MISSING`."""
    value = body
    for segment in path.rstrip("!").split("."):
        match = _SEGMENT.match(segment)
        if match is None:
            return _MISSING
        key = match["key"]
        if key == "*":
            value = next(iter(value.values()), _MISSING) if isinstance(value, dict) else _MISSING
        elif key:
            value = value.get(key, _MISSING) if isinstance(value, dict) else _MISSING
        for index in re.findall(r"\[(\d+)\]", match["index"]):
            value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else _MISSING
        if value is _MISSING:
            return _MISSING
    return value


def unread_fields(body: Any, reads: tuple[str, ...]) -> list[str]:
    """The fields a page reads that the answer lacks (or holds null where the page needs a value)."""
    missing = []
    for path in reads:
        value = lookup(body, path)
        if value is _MISSING or (path.endswith("!") and value is None):
            missing.append(path)
    return missing


def _resolve(value: Any, state: dict[str, Any]) -> Any:
    if isinstance(value, Ref):
        return str(state[value.name]) if value.text else state[value.name]
    if isinstance(value, dict):
        return {k: _resolve(v, state) for k, v in value.items()}
    return value


def _form_data(upload: Upload) -> tuple[bytes, str]:
    """The body and Content-Type a browser sends for a FormData holding one file."""
    boundary = "----WebKitFormBoundary" + secrets.token_hex(8)
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.field}"; filename="{upload.filename}"\r\n'
    head += f"Content-Type: {upload.content_type}\r\n\r\n"
    body = head.encode() + upload.data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Page:
    """One browser tab on ORIGIN calling the API: cookies kept (withCredentials), CORS checked as a browser does."""

    def __init__(
        self,
        base_url: str,
        outbox: Callable[[], list[dict[str, Any]]],
        captcha: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        self.base_url = base_url
        self.outbox = outbox
        self.captcha = captcha  # a solved captcha's {ticket, randstr}, as Tencent's script gives the page
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def walk(self, steps: list[Step], state: dict[str, Any]) -> list[str]:
        """Take every step in order; fail at a call that does not answer as documented; list fields not read."""
        missing: list[str] = []
        for step in steps:
            if isinstance(step, Outbox):
                state[step.keep] = self._sms_code(str(state[step.mobile]))
                continue
            if isinstance(step, Captcha):
                assert self.captcha is not None, "a walk with a captcha needs the page's captcha solver"
                solved = self.captcha()
                state["captcha_ticket"], state["captcha_randstr"] = quote(solved["ticket"]), quote(solved["randstr"])
                continue
            body = self.replay(step, state)
            where = f"{step.source}: {step.method} {step.path}"
            missing += [f"{where} lacks {path}" for path in unread_fields(body, step.reads)]
            for name, path in step.keep.items():
                kept = lookup(body, path)
                assert kept is not _MISSING, f"{where} lacks {path}"
                state[name] = kept
        return missing

    def replay(self, call: Call, state: dict[str, Any]) -> Any:
        """Send one call (polling it while its answer says to), checking status and CORS; the answer's body."""
        deadline = time.monotonic() + POLL_SECONDS
        while True:
            body = self._send(call, state)
            if call.poll is None or lookup(body, call.poll[0]) not in call.poll[1]:
                return body
            assert time.monotonic() < deadline, f"{call.source}: still {call.poll} after {POLL_SECONDS} s"
            time.sleep(0.3)

    def _url(self, call: Call, state: dict[str, Any]) -> str:
        path = call.path.format(**state)
        if path.startswith("http"):  # a URL an answer gave (DRF's next): it must point back at this API
            assert path.startswith(self.base_url + "/"), f"{call.source}: {path} is not on {self.base_url}"
            return path
        return self.base_url + path

    def _send(self, call: Call, state: dict[str, Any]) -> Any:
        url, headers = self._url(call, state), {"Origin": ORIGIN}
        data = None
        if isinstance(call.body, Upload):
            data, headers["Content-Type"] = _form_data(call.body)
        elif call.body is not None:
            data = json.dumps(_resolve(call.body, state)).encode()
            headers["Content-Type"] = "application/json;charset=UTF-8"  # axios's header for an object body
        if call.auth:
            headers["Authorization"] = f"{call.auth} {state['token']}"
        self._preflight(call, url, headers)
        request = urllib.request.Request(url, data=data, method=call.method, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                status, answer, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, answer, raw = error.code, error.headers, error.read()
        where = f"{call.source}: {call.method} {url}"
        assert status == call.status, f"{where} answered {status}: {raw[:500]!r}"
        assert answer.get("Access-Control-Allow-Origin") == ORIGIN, f"{where}: the page may not read the answer"
        assert answer.get("Access-Control-Allow-Credentials") == "true", f"{where}: no credentials allowed"
        return json.loads(raw)

    def _preflight(self, call: Call, url: str, headers: dict[str, str]) -> None:
        """The OPTIONS a browser sends first for a JSON body, a token or a method other than GET/POST."""
        asked = sorted(name.lower() for name in headers if name not in ("Origin",))
        if call.method in ("GET", "POST") and not asked:
            return
        request = urllib.request.Request(
            url,
            method="OPTIONS",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": call.method,
                "Access-Control-Request-Headers": ",".join(asked),
            },
        )
        with self.opener.open(request, timeout=30) as response:
            allowed = response.headers
        where = f"{call.source}: preflight of {call.method} {url}"
        assert allowed.get("Access-Control-Allow-Origin") == ORIGIN, where
        assert allowed.get("Access-Control-Allow-Credentials") == "true", where
        assert call.method in allowed.get("Access-Control-Allow-Methods", ""), where
        allowed_headers = allowed.get("Access-Control-Allow-Headers", "").lower()
        assert all(name in allowed_headers for name in asked), f"{where}: {asked} not all allowed"

    def _sms_code(self, mobile: str) -> str:
        deadline = time.monotonic() + POLL_SECONDS
        while time.monotonic() < deadline:
            codes = [m["code"] for m in self.outbox() if m["mobile"] == mobile]
            if codes:
                return str(codes[-1])
            time.sleep(0.2)
        raise AssertionError(f"no SMS code for {mobile} in the outbox after {POLL_SECONDS} s")
