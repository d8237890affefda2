"""A local stand-in for Alipay's gateway (alipay.trade.page.pay), over real HTTP and in Alipay's wire format.

`GET /gateway.do?<signed request>` checks the app's RSA2 signature with the app's public key and shows a pay page;
the payer confirms or declines. Confirming creates the trade, POSTs the signed asynchronous notification
(`trade_status=TRADE_SUCCESS`, form-encoded) to the request's notify_url, retrying in the background until it
answers `success`, and redirects the browser to the return_url with signed query parameters. Declining pays nothing.
`GET /sandbox/notifications/?out_trade_no=` lists what was posted and what our server answered.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from devstack import alipay_keys

log = logging.getLogger("devstack.alipay")
CST = ZoneInfo("Asia/Shanghai")  # Alipay's clock
RETRY_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0)  # Alipay waits 4 min, 10 min, ... 15 h; a sandbox need not


class GatewayError(Exception):
    """What Alipay's gateway page would show instead of a pay page (its error code and message)."""


@dataclass
class Trade:
    """One out_trade_no of one app: what it pays, where to tell, and whether it is paid."""

    app_id: str
    out_trade_no: str
    total_amount: str
    subject: str
    notify_url: str
    return_url: str
    trade_no: str | None = None


@dataclass
class Gateway:
    """Registered apps (app id → the app's public key), Alipay's own key pair, trades and the notifications sent."""

    apps: Mapping[str, str]
    private_key: str
    seller_id: str = "2088000000000001"
    tickets: dict[str, Trade] = field(default_factory=dict)
    paid: dict[tuple[str, str], str] = field(default_factory=dict)  # (app, out_trade_no) → trade_no
    sent: list[dict[str, object]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self, params: Mapping[str, str]) -> tuple[str, Trade]:
        """Check a page-pay request as Alipay does; a ticket for its pay page and the trade."""
        app_id = params.get("app_id", "")
        if app_id not in self.apps:
            raise GatewayError("isv.invalid-app-id: unknown app_id")
        if params.get("sign_type") != "RSA2" or not alipay_keys.verify(params, self.apps[app_id]):
            raise GatewayError("isv.invalid-signature: the request's signature does not match the app's public key")
        if params.get("method") != "alipay.trade.page.pay":
            raise GatewayError("isv.invalid-method: only alipay.trade.page.pay is served here")
        try:
            biz = json.loads(params.get("biz_content", ""))
            trade = Trade(app_id, biz["out_trade_no"], biz["total_amount"], biz["subject"], "", "")
        except (ValueError, KeyError, TypeError):
            raise GatewayError("isv.missing-biz-content: out_trade_no, total_amount and subject are needed") from None
        trade.notify_url, trade.return_url = params.get("notify_url", ""), params.get("return_url", "")
        if not all(url.startswith(("http://", "https://")) for url in (trade.notify_url, trade.return_url)):
            raise GatewayError("isv.invalid-url: notify_url and return_url must be http(s) URLs")
        ticket = secrets.token_urlsafe(16)
        with self.lock:
            if (app_id, trade.out_trade_no) in self.paid:
                raise GatewayError("ACQ.TRADE_HAS_SUCCESS: this trade is paid already")
            self.tickets[ticket] = trade
        return ticket, trade

    def pay(self, ticket: str) -> Trade:
        """The payer confirmed: the trade gets its number (once per out_trade_no of an app)."""
        with self.lock:
            trade = self.tickets.pop(ticket, None)
            if trade is None:
                raise GatewayError("ACQ.TRADE_NOT_EXIST: unknown or used pay page")
            if (trade.app_id, trade.out_trade_no) in self.paid:
                raise GatewayError("ACQ.TRADE_HAS_SUCCESS: this trade is paid already")
            trade.trade_no = datetime.now(CST).strftime("%Y%m%d") + "22001" + f"{secrets.randbelow(10**15):015d}"
            self.paid[(trade.app_id, trade.out_trade_no)] = trade.trade_no
        return trade

    def notification(self, trade: Trade) -> dict[str, str]:
        """The signed asynchronous notification of a paid trade, as Alipay posts it."""
        now = datetime.now(CST).strftime("%Y-%m-%d %H:%M:%S")
        params = {
            "gmt_create": now,
            "gmt_payment": now,
            "notify_time": now,
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "charset": "utf-8",
            "version": "1.0",
            "app_id": trade.app_id,
            "auth_app_id": trade.app_id,
            "seller_id": self.seller_id,
            "buyer_id": "2088102177846880",
            "out_trade_no": trade.out_trade_no,
            "trade_no": trade.trade_no or "",
            "trade_status": "TRADE_SUCCESS",
            "total_amount": trade.total_amount,
            "receipt_amount": trade.total_amount,
            "buyer_pay_amount": trade.total_amount,
            "subject": trade.subject,
        }
        return {**params, "sign_type": "RSA2", "sign": alipay_keys.sign(params, self.private_key)}

    def return_query(self, trade: Trade) -> dict[str, str]:
        """The signed parameters Alipay adds to the return URL."""
        params = {
            "charset": "utf-8",
            "method": "alipay.trade.page.pay.return",
            "version": "1.0",
            "app_id": trade.app_id,
            "auth_app_id": trade.app_id,
            "seller_id": self.seller_id,
            "out_trade_no": trade.out_trade_no,
            "trade_no": trade.trade_no or "",
            "total_amount": trade.total_amount,
            "timestamp": datetime.now(CST).strftime("%Y-%m-%d %H:%M:%S"),
        }
        return {**params, "sign_type": "RSA2", "sign": alipay_keys.sign(params, self.private_key)}

    def deliver(self, url: str, params: dict[str, str]) -> str:
        """POST one notification; our server's answer (an HTTP error's body too, `unreachable` when none)."""
        data = urlencode(params).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310 (http only)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (checked in open())
                answer = response.read(64).decode("utf-8", "replace").strip()
        except urllib.error.HTTPError as exc:
            answer = exc.read(64).decode("utf-8", "replace").strip()
        except OSError:
            answer = "unreachable"
        with self.lock:
            self.sent.append({"url": url, "params": params, "answer": answer})
        return answer

    def notify(self, trade: Trade) -> str:
        """Deliver the notification once now; until it is answered `success`, again in the background."""
        params = self.notification(trade)
        if (answer := self.deliver(trade.notify_url, params)) != "success":
            threading.Thread(target=self._retry, args=(trade.notify_url, params), daemon=True).start()
        return answer

    def _retry(self, url: str, params: dict[str, str]) -> None:
        for delay in RETRY_SECONDS:
            time.sleep(delay)
            if self.deliver(url, params) == "success":
                return
        log.warning("notification for %s never answered success", params["out_trade_no"])

    def notifications(self, out_trade_no: str) -> list[dict[str, object]]:
        """What was posted about an out_trade_no, oldest first, with the answers."""
        with self.lock:
            return [dict(n) for n in self.sent if n["params"]["out_trade_no"] == out_trade_no]  # type: ignore[index]
