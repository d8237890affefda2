"""Tencent Cloud Captcha's server-side check: DescribeCaptchaResult (API 2019-07-22), signed with TC3-HMAC-SHA256.

One POST of JSON to captcha.tencentcloudapi.com. The answer is `{"Response": {"CaptchaCode": 1, "CaptchaMsg": "OK",
"RequestId": ...}}` (1 is a pass; 7 randstr mismatch, 8 expired, 9 reused, 15 undecryptable, 16 another app's, 21
risk or a disaster-recovery ticket, 100 app and key mismatch; 26 Tencent's internal error), or
`{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` when the call itself is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from chalicelib.captcha.settings import TencentKeys
from chalicelib.core.errors import BadGateway, ServiceUnavailable
from chalicelib.core.observability import logger

ACTION, VERSION, SERVICE = "DescribeCaptchaResult", "2019-07-22", "captcha"
CAPTCHA_TYPE = 9  # the API's fixed value
CONTENT_TYPE = "application/json"
PASSED = 1
TENCENT_BUSY = 26  # "system internal error": worth a retry, not the ticket's fault
# Error codes Tencent answers for a call it will not run: busy or broken on its side (a retry may pass) ...
_RETRY_ERRORS = ("InternalError", "RequestLimitExceeded", "ResourceUnavailable", "FailedOperation")
# ... or for parameters a caller chose (an odd ticket or randstr): the ticket's fault, never a 5xx.
_INPUT_ERRORS = ("InvalidParameter", "MissingParameter")
MAX_ANSWER_BYTES = 16384  # an answer is a few hundred bytes; more is not Tencent speaking

Post = Callable[[str, bytes, dict[str, str], float], bytes]


def signature(secret_key: str, service: str, timestamp: int, string_to_sign: str) -> str:
    """TC3-HMAC-SHA256: the key derived through the UTC date, the service and "tc3_request", then HMAC-SHA256."""
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    key = f"TC3{secret_key}".encode()
    for part in (date, service, "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def authorization(keys: TencentKeys, host: str, body: bytes, timestamp: int, service: str = SERVICE) -> str:
    """The Authorization header of a POST of `body` to `host`, signing Content-Type and Host."""
    payload = hashlib.sha256(body).hexdigest()
    canonical = f"POST\n/\n\ncontent-type:{CONTENT_TYPE}\nhost:{host}\n\ncontent-type;host\n{payload}"
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    signed = signature(keys.secret_key, service, timestamp, to_sign)
    return f"TC3-HMAC-SHA256 Credential={keys.secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signed}"


def http_post(url: str, body: bytes, headers: dict[str, str], timeout_seconds: float) -> bytes:
    """The answer's body; 503 when Tencent cannot be reached in time or fails, 502 when it answers nonsense."""
    # The settings admit http(s) endpoints only, so no file:// or ftp:// URL reaches urllib.
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout_seconds) as response:  # noqa: S310
            raw = bytes(response.read(MAX_ANSWER_BYTES + 1))
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise _unavailable(f"HTTP {exc.code}") from None
        raise _bad_gateway(f"HTTP {exc.code}") from None
    except OSError as exc:  # refused, reset, DNS, TLS, timeouts: nothing usable came back
        raise _unavailable(type(exc).__name__) from None
    except http.client.HTTPException as exc:  # something answered, but not HTTP
        raise _bad_gateway(type(exc).__name__) from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise _bad_gateway("oversized answer")
    return raw


def _unavailable(reason: str) -> ServiceUnavailable:
    logger.warning("captcha provider unreachable", extra={"reason": reason})
    return ServiceUnavailable("captcha verification is unavailable, retry later")


def _bad_gateway(reason: str) -> BadGateway:
    logger.warning("captcha provider answered nonsense", extra={"reason": reason})
    return BadGateway("captcha verification failed, retry later")


def verdict(raw: bytes) -> bool:
    """True for a ticket Tencent passed, False for one it refused; 503 or 502 when the answer says neither."""
    try:
        answer = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _bad_gateway("answer is not JSON") from None
    response = answer.get("Response") if isinstance(answer, dict) else None
    if not isinstance(response, dict):
        raise _bad_gateway("answer without Response")
    error = response.get("Error")
    if isinstance(error, dict):
        return _refused_call(str(error.get("Code", "")), response.get("RequestId"))
    code = response.get("CaptchaCode")
    if not isinstance(code, int) or isinstance(code, bool):
        raise _bad_gateway("answer without CaptchaCode")
    if code == TENCENT_BUSY:
        raise _unavailable("CaptchaCode 26")
    if code != PASSED:
        extra = {"captcha_code": code, "captcha_msg": str(response.get("CaptchaMsg", ""))[:200]}
        logger.info("captcha ticket refused", extra={**extra, "tencent_request_id": response.get("RequestId")})
    return code == PASSED


def _refused_call(code: str, request_id: Any) -> bool:
    logger.warning("captcha provider refused the call", extra={"tencent_error": code, "tencent_request_id": request_id})
    if code.startswith(_INPUT_ERRORS):
        return False
    if code.startswith(_RETRY_ERRORS):
        raise ServiceUnavailable("captcha verification is unavailable, retry later")
    raise BadGateway("captcha verification failed, retry later")  # AuthFailure…, UnauthorizedOperation…: our keys


@dataclass(frozen=True)
class TencentCaptcha:
    """DescribeCaptchaResult for one captcha app; `post` is the HTTP POST (a fake in unit tests)."""

    app_id: int
    keys: TencentKeys
    endpoint: str
    timeout_seconds: float
    post: Post = http_post
    clock: Callable[[], float] = time.time

    def passes(self, ticket: str, randstr: str, user_ip: str) -> bool:
        """Whether Tencent passes this ticket for the user at `user_ip`: one signed call."""
        params = {
            "CaptchaType": CAPTCHA_TYPE,
            "Ticket": ticket,
            "UserIp": user_ip,
            "Randstr": randstr,
            "CaptchaAppId": self.app_id,
            "AppSecretKey": self.keys.app_secret_key,
        }
        body = json.dumps(params, separators=(",", ":")).encode()
        timestamp = int(self.clock())
        headers = {
            "Content-Type": CONTENT_TYPE,
            "X-TC-Action": ACTION,
            "X-TC-Version": VERSION,
            "X-TC-Timestamp": str(timestamp),
            "Authorization": authorization(self.keys, urlsplit(self.endpoint).netloc.lower(), body, timestamp),
        }
        return verdict(self.post(self.endpoint, body, headers, self.timeout_seconds))
