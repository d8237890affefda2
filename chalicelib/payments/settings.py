"""Alipay's settings: a section of the process's settings (chalicelib.core.settings), read on first use.

In AWS the app's private key comes from Secrets Manager: ALIPAY_APP_PRIVATE_KEY_ARN names the secret, read
through Powertools Parameters on the first payment request (never during init, so no snapshot holds it).
"""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.base_url import public_base
from chalicelib.core.secrets import secret_into
from chalicelib.core.settings import EnvSettings, HttpUrlText, get_settings

# What `make run` points at when no gateway is given: the local sandbox (devstack/alipay_sandbox.py).
PRODUCTION_GATEWAY = "https://openapi.alipay.com/gateway.do"
SANDBOX_GATEWAY = "https://openapi-sandbox.dl.alipaydev.com/gateway.do"
LOCAL_APP_ID = "2021000000000000"


class AlipaySettings(EnvSettings):
    """The app registered on Alipay's open platform, its keys, and where payers and notifications go."""

    alipay_app_id: str = Field(default=LOCAL_APP_ID, pattern=r"^[0-9A-Za-z]{1,32}$")
    # PEM or base64, PKCS#1 or PKCS#8: signs our requests. Never in a repr, so no log or traceback shows it.
    alipay_app_private_key: str = Field(default="", repr=False)
    alipay_app_private_key_arn: str | None = None  # Secrets Manager secret holding the key (deployed stages)
    alipay_public_key: str = ""  # Alipay's public key (PEM or base64): verifies what Alipay sends
    # The merchant's Alipay user id (2088…): when set, a notification or return naming another seller is refused.
    alipay_seller_id: str = Field(default="", pattern=r"^[0-9]{0,32}$")
    alipay_gateway: HttpUrlText = PRODUCTION_GATEWAY
    alipay_notify_url: HttpUrlText = ""  # unset: PUBLIC_URL + /payments/alipay/notify/ (the stack's PublicUrl in AWS)
    # Where the payer's browser goes back: meiduo's pay_success.html and renran's reward page in production;
    # unset: this API's own routes under PUBLIC_URL.
    alipay_order_return_url: HttpUrlText = ""
    alipay_reward_return_url: HttpUrlText = ""
    alipay_timeout_express: str = Field(default="30m", pattern=r"^[0-9]{1,4}[mhd]$")

    def notify_url(self) -> str:
        """Where Alipay posts its notifications: ALIPAY_NOTIFY_URL, else this API's own route under PUBLIC_URL."""
        return self.alipay_notify_url or _own("/payments/alipay/notify/")

    def order_return_url(self) -> str:
        """Where the browser returns after paying an order: ALIPAY_ORDER_RETURN_URL, else PUBLIC_URL's route."""
        return self.alipay_order_return_url or _own("/payment/status/")

    def reward_return_url(self) -> str:
        """Where the browser returns after a reward: ALIPAY_REWARD_RETURN_URL, else PUBLIC_URL's route."""
        return self.alipay_reward_return_url or _own("/payments/alipay/result/")

    def configured(self) -> bool:
        """Both keys are known (the private one perhaps only once its secret is read)."""
        return bool(self.alipay_public_key and (self.alipay_app_private_key or self.alipay_app_private_key_arn))


def _own(path: str) -> str:
    return f"{public_base()}{path}"


def get_alipay_settings() -> AlipaySettings:
    """Alipay's section of the process's settings."""
    return get_settings().section(AlipaySettings)


def load_private_key(settings: AlipaySettings) -> str:
    """The app's private key: the setting, else the secret ALIPAY_APP_PRIVATE_KEY_ARN names (read once)."""
    return secret_into(settings, "alipay_app_private_key", settings.alipay_app_private_key_arn)
