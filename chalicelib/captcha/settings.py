"""The captcha's own settings: a section of the process's settings (chalicelib.core.settings), read on first use.

CAPTCHA_PROVIDER `off` (the default, for a laptop): no outside call, every ticket passes. `tencent`: each ticket is
checked with Tencent Cloud's DescribeCaptchaResult. The keys are a JSON object {"SecretId", "SecretKey",
"AppSecretKey"}: CAPTCHA_KEYS, or in AWS the Secrets Manager secret CAPTCHA_KEYS_ARN names, read through Powertools
Parameters on the first captcha request (never during init, so no snapshot holds them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from chalicelib.core.errors import ServiceUnavailable
from chalicelib.core.observability import logger
from chalicelib.core.secrets import secret_into
from chalicelib.core.settings import EnvSettings, HttpUrlText, get_settings

TENCENT_ENDPOINT = "https://captcha.tencentcloudapi.com"


class CaptchaSettings(EnvSettings):
    """Which provider checks tickets, its app and keys, and the limits that stand whichever it is."""

    captcha_provider: Literal["off", "tencent"] = "off"
    # The CaptchaAppId: public (the page's TencentCaptcha script names it), so a plain setting.
    captcha_app_id: int = Field(default=0, ge=0)
    # Never in a repr, so no log or traceback shows them.
    captcha_keys: str = Field(default="", repr=False)
    captcha_keys_arn: str | None = None
    captcha_endpoint: HttpUrlText = Field(default=TENCENT_ENDPOINT, min_length=1)
    captcha_timeout_seconds: float = Field(default=3.0, gt=0, le=30)
    # Tencent's script makes a `terror_…` ticket itself when it cannot load; nobody can verify one, so it passes
    # only when the operator prefers letting people in to keeping scripts out while Tencent is unreachable.
    captcha_allow_disaster_tickets: bool = False
    captcha_ip_limit_per_minute: int = Field(default=20, ge=1)
    captcha_account_limit_per_minute: int = Field(default=10, ge=1)


@dataclass(frozen=True)
class TencentKeys:
    """The API key pair that signs the call (SecretId, SecretKey) and the captcha app's AppSecretKey."""

    secret_id: str
    secret_key: str = field(repr=False)
    app_secret_key: str = field(repr=False)


def get_captcha_settings() -> CaptchaSettings:
    """The captcha's section of the process's settings."""
    return get_settings().section(CaptchaSettings)


def load_keys(settings: CaptchaSettings) -> TencentKeys:
    """The keys from CAPTCHA_KEYS or the secret CAPTCHA_KEYS_ARN names (read once per container); 503 without them."""
    text = secret_into(settings, "captcha_keys", settings.captcha_keys_arn)
    try:
        found = json.loads(text) if text else {}
        keys = TencentKeys(str(found["SecretId"]), str(found["SecretKey"]), str(found["AppSecretKey"]))
    except (ValueError, KeyError, TypeError):
        # Never the text itself in the log: it is the secret.
        logger.error("CAPTCHA_KEYS is not a JSON object with SecretId, SecretKey and AppSecretKey")
        raise ServiceUnavailable("captcha verification is not configured") from None
    if not (keys.secret_id and keys.secret_key and keys.app_secret_key and settings.captcha_app_id):
        raise ServiceUnavailable("captcha verification is not configured")
    return keys
