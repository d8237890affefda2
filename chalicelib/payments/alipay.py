"""The payment provider: Alipay's computer-website payment (alipay.trade.page.pay) with RSA2 signatures.

The same class talks to Alipay, Alipay's own sandbox and the local sandbox gateway: only the gateway URL and the
keys differ, so the local runs exercise the production signing and verification.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from chalicelib.core.errors import ServiceUnavailable
from chalicelib.core.money import money
from chalicelib.payments import signing
from chalicelib.payments.settings import AlipaySettings, load_private_key

METHOD = "alipay.trade.page.pay"
PRODUCT_CODE = "FAST_INSTANT_TRADE_PAY"
# Alipay reads `timestamp` as Beijing time, whatever the server's zone.
_ALIPAY_TZ = ZoneInfo("Asia/Shanghai")


class PaymentProvider(Protocol):
    """What the payment use cases need of a gateway."""

    @property
    def app_id(self) -> str: ...
    @property
    def seller_id(self) -> str: ...

    def page_pay_url(self, out_trade_no: str, amount: Decimal, subject: str, return_url: str) -> str: ...
    def signed_by_gateway(self, params: Mapping[str, str]) -> bool: ...


@dataclass(frozen=True)
class Alipay:
    """One app on Alipay's open platform: builds signed pay URLs and checks what Alipay signed."""

    app_id: str
    app_private_key: str
    alipay_public_key: str
    gateway: str
    notify_url: str
    timeout_express: str = "30m"
    seller_id: str = ""  # empty: not checked

    def page_pay_url(self, out_trade_no: str, amount: Decimal, subject: str, return_url: str) -> str:
        """The gateway URL the payer's browser opens: the request's parameters and the app's signature."""
        biz = {
            "out_trade_no": out_trade_no,
            "total_amount": money(amount),
            "subject": subject,
            "product_code": PRODUCT_CODE,
            "timeout_express": self.timeout_express,
        }
        params = {
            "app_id": self.app_id,
            "method": METHOD,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": signing.SIGN_TYPE,
            "timestamp": datetime.now(_ALIPAY_TZ).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "notify_url": self.notify_url,
            "return_url": return_url,
            "biz_content": json.dumps(biz, separators=(",", ":"), ensure_ascii=False),
        }
        signed = {**params, "sign": signing.sign(params, self.app_private_key)}
        return f"{self.gateway}?{urlencode(signed)}"

    def signed_by_gateway(self, params: Mapping[str, str]) -> bool:
        """Whether Alipay (the holder of the configured public key) signed these parameters."""
        return signing.verify(params, self.alipay_public_key)


def alipay(settings: AlipaySettings) -> Alipay:
    """The configured Alipay app; 503 while its keys are not configured (a deployed stage without them)."""
    if not settings.configured():
        raise ServiceUnavailable("Alipay payments are not configured")
    return Alipay(
        settings.alipay_app_id,
        load_private_key(settings),
        settings.alipay_public_key,
        settings.alipay_gateway,
        settings.notify_url(),
        settings.alipay_timeout_express,
        settings.alipay_seller_id,
    )
