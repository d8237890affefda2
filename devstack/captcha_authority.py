"""The state of the local captcha stand-in: its apps, API keys and tickets, with Tencent's CaptchaCode answers.

A ticket stands for a solved captcha, as Tencent's script hands one to the page: bound to its app and randstr,
single-use, expiring after 5 minutes. The codes are DescribeCaptchaResult's: 1 OK, 7 randstr mismatch, 8 expired,
9 reused, 15 undecryptable (not a ticket this server issued), 16 another app's ticket, 100 app and key mismatch.
The HTTP side (TC3 signature check included) is captcha_server.py.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

TICKET_TTL_SECONDS = 300.0  # "Ticket有效期5分钟"
MESSAGES = {
    1: "OK",
    7: "captcha no match",
    8: "ticket expired",
    9: "ticket reused",
    15: "decrypt fail",
    16: "appid-ticket mismatch",
    100: "appid-secretkey-ticket mismatch",
}


@dataclass(frozen=True)
class _Ticket:
    app_id: int
    randstr: str
    expires_at: float


@dataclass
class CaptchaAuthority:
    """Captcha apps (CaptchaAppId → AppSecretKey) and API keys (SecretId → SecretKey); safe across threads."""

    apps: Mapping[int, str]
    api_keys: Mapping[str, str]
    clock: Callable[[], float] = time.monotonic
    ticket_ttl_seconds: float = TICKET_TTL_SECONDS
    _tickets: dict[str, _Ticket] = field(default_factory=dict)
    _spent: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, app_id: int) -> tuple[str, str]:
        """A solved captcha of the app: (ticket, randstr), as Tencent's script gives the page."""
        if app_id not in self.apps:
            raise KeyError(app_id)
        ticket, randstr = f"tr0{secrets.token_urlsafe(48)}", f"@{secrets.token_urlsafe(3)}"
        with self._lock:
            self._tickets[ticket] = _Ticket(app_id, randstr, self.clock() + self.ticket_ttl_seconds)
        return ticket, randstr

    def check(self, params: Mapping[str, Any]) -> int:
        """The CaptchaCode for DescribeCaptchaResult's parameters; a passing ticket is spent."""
        app_id, ticket = params.get("CaptchaAppId"), str(params.get("Ticket", ""))
        with self._lock:
            found = self._tickets.get(ticket)
            if found is None:
                return 9 if ticket in self._spent else 15
            if found.app_id != app_id:
                return 16
            if self.apps.get(found.app_id) != params.get("AppSecretKey"):
                return 100
            if found.randstr != params.get("Randstr"):
                return 7
            del self._tickets[ticket]
            self._spent.add(ticket)
            return 1 if self.clock() <= found.expires_at else 8
