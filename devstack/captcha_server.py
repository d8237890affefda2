"""A local stand-in for Tencent Cloud Captcha's DescribeCaptchaResult, over real HTTP in Tencent's wire format.

`POST /` with the TC3-HMAC-SHA256 headers (checked here with the registered SecretKey, independently of the app's
signing code) and the JSON parameters answers `{"Response": {"CaptchaCode", "CaptchaMsg", "EvilLevel",
"RequestId"}}`, or `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` for a call Tencent would refuse.
`GET /ticket?aid=<CaptchaAppId>` stands in for the page's solved captcha: `{"ticket", "randstr"}`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from devstack.captcha_authority import MESSAGES, CaptchaAuthority
from devstack.loopback_http import LoopbackHandler, LoopbackHTTPServer, ServingThread, chosen_port
from devstack.redis_server import HOST

DEFAULT_CAPTCHA_PORT = 8030
LOCAL_APP_ID = 190000001
_AUTH = re.compile(
    r"^TC3-HMAC-SHA256 Credential=(?P<id>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})/(?P<service>[a-z]+)/tc3_request, "
    r"SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=(?P<signature>[0-9a-f]{64})$"
)
CLOCK_SKEW_SECONDS = 300  # Tencent refuses a timestamp further off than five minutes (AuthFailure.SignatureExpire)


class CaptchaServerStartError(RuntimeError):
    """The local captcha server could not listen on its port."""


class CallRefused(Exception):
    """A refusal of the call itself, answered as Response.Error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def expected_signature(secret_key: str, headers: Mapping[str, str], signed: str, body: bytes, date: str) -> str:
    """TC3-HMAC-SHA256 of a POST to / with these headers and body, as Tencent's API gateway computes it."""
    names = signed.split(";")
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip().lower()}\n" for name in names)
    canonical = f"POST\n/\n\n{canonical_headers}\n{signed}\n{hashlib.sha256(body).hexdigest()}"
    scope = f"{date}/captcha/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{headers.get('x-tc-timestamp', '')}\n{scope}\n"
    to_sign += hashlib.sha256(canonical.encode()).hexdigest()
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), "captcha"), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def check_call(authority: CaptchaAuthority, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """The parameters of a properly signed DescribeCaptchaResult call; CallRefused as Tencent would refuse it."""
    if headers.get("x-tc-action") != "DescribeCaptchaResult":
        raise CallRefused("InvalidAction", "the action does not exist")
    if headers.get("x-tc-version") != "2019-07-22":
        raise CallRefused("NoSuchVersion", "the API version does not exist")
    _check_signature(authority, headers, body)
    try:
        params = json.loads(body)
    except ValueError:
        raise CallRefused("InvalidParameter", "the body is not JSON") from None
    names = ("CaptchaType", "Ticket", "UserIp", "Randstr", "CaptchaAppId", "AppSecretKey")
    missing = [name for name in names if name not in params]
    if missing:
        raise CallRefused("MissingParameter", f"missing {missing[0]}")
    if params["CaptchaType"] != 9 or not isinstance(params["CaptchaAppId"], int):
        raise CallRefused("InvalidParameterValue", "CaptchaType must be 9 and CaptchaAppId an integer")
    return dict(params)


def _check_signature(authority: CaptchaAuthority, headers: Mapping[str, str], body: bytes) -> None:
    auth = _AUTH.match(headers.get("authorization", ""))
    if auth is None or "host" not in auth["signed"].split(";") or auth["service"] != "captcha":
        raise CallRefused("AuthFailure.InvalidAuthorization", "Authorization is malformed")
    timestamp = headers.get("x-tc-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > CLOCK_SKEW_SECONDS:
        raise CallRefused("AuthFailure.SignatureExpire", "the request's timestamp is too far off")
    if auth["date"] != datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%d"):
        raise CallRefused("AuthFailure.SignatureFailure", "the credential's date is not the timestamp's")
    secret_key = authority.api_keys.get(auth["id"])
    if secret_key is None:
        raise CallRefused("AuthFailure.SecretIdNotFound", "the SecretId does not exist")
    wanted = expected_signature(secret_key, headers, auth["signed"], body, auth["date"])
    if not hmac.compare_digest(wanted, auth["signature"]):
        raise CallRefused("AuthFailure.SignatureFailure", "the signature does not match")


class _Handler(LoopbackHandler):
    server: _Server

    log = logging.getLogger("devstack.captcha")

    def _json(self, payload: Mapping[str, Any], status: int = 200) -> None:
        self.send_text(status, json.dumps(payload), "application/json")

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        aid = self.params(query).get("aid", "")
        if path != "/ticket" or not aid.isdigit() or int(aid) not in self.server.authority.apps:
            self._json({"error": "GET /ticket?aid=<a CaptchaAppId this server knows>"}, 404)
            return
        ticket, randstr = self.server.authority.issue(int(aid))
        self._json({"ticket": ticket, "randstr": randstr, "appid": aid})

    def do_POST(self) -> None:
        body = self.rfile.read(min(int(self.headers.get("Content-Length") or 0), 65536))
        headers = {name.lower(): value for name, value in self.headers.items()}
        request_id = str(uuid.uuid4())
        try:
            params = check_call(self.server.authority, headers, body)
        except CallRefused as exc:
            error = {"Code": exc.code, "Message": exc.message}
            self._json({"Response": {"Error": error, "RequestId": request_id}})
            return
        code = self.server.authority.check(params)
        answer = {"CaptchaCode": code, "CaptchaMsg": MESSAGES[code], "EvilLevel": 0, "GetCaptchaTime": 0}
        self._json({"Response": {**answer, "RequestId": request_id}})


class _Server(LoopbackHTTPServer):
    def __init__(self, port: int, authority: CaptchaAuthority) -> None:
        super().__init__(port, _Handler)
        self.authority = authority


class CaptchaServer(ServingThread):
    """The running stand-in: `url` is what CAPTCHA_ENDPOINT points at; stop() ends it."""

    def __init__(self, port: int, authority: CaptchaAuthority) -> None:
        try:
            server = _Server(port, authority)
        except OSError as exc:
            raise CaptchaServerStartError(
                f"the local captcha server cannot listen on {HOST}:{port} ({exc}); set CAPTCHA_PORT"
            ) from exc
        super().__init__(server, "captcha-server")
        self.authority = authority


def start_for_stack(given: Mapping[str, str]) -> tuple[CaptchaServer | None, dict[str, str]]:
    """The stand-in and the CAPTCHA_* settings pointing the app at it; no server when CAPTCHA_ENDPOINT names one."""
    if given.get("CAPTCHA_ENDPOINT"):
        return None, {}
    port = chosen_port(given, "CAPTCHA_PORT", DEFAULT_CAPTCHA_PORT)
    app_id = int(given.get("CAPTCHA_APP_ID") or LOCAL_APP_ID)
    keys = {"SecretId": f"AKID{secrets.token_hex(16)}", "SecretKey": secrets.token_hex(16)}
    keys["AppSecretKey"] = secrets.token_urlsafe(18)
    authority = CaptchaAuthority({app_id: keys["AppSecretKey"]}, {keys["SecretId"]: keys["SecretKey"]})
    server = CaptchaServer(port, authority)
    env = {"CAPTCHA_ENDPOINT": server.url, "CAPTCHA_PORT": str(server.port), "CAPTCHA_APP_ID": str(app_id)}
    return server, env | {"CAPTCHA_KEYS": json.dumps(keys)}
