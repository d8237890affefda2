"""QQ login's own settings: a section of the process's settings (chalicelib.core.settings), read on first use.

In AWS the app's secret (APP Key) comes from Secrets Manager: QQ_CLIENT_SECRET_ARN names the secret, read through
Powertools Parameters on the first QQ login request (never during init, so no snapshot holds it).
"""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.base_url import public_base
from chalicelib.core.secrets import secret_into
from chalicelib.core.settings import EnvSettings, HttpUrlText, get_settings
from chalicelib.core.stage import deployed

# The local authorization server (devstack/qq_server.py) knows this client; QQ never issued it.
LOCAL_CLIENT_ID = "local-shop"
LOCAL_CLIENT_SECRET = "local-development-only-qq-secret"  # noqa: S105 (public by design, refused in AWS)


class QQSettings(EnvSettings):
    """QQ Connect's app credentials, where QQ is, and how long the login's steps may take."""

    qq_client_id: str = Field(default=LOCAL_CLIENT_ID, min_length=1)
    # Never in a repr, so no log or traceback shows it; the local one stands for "not given".
    qq_client_secret: str = Field(default=LOCAL_CLIENT_SECRET, min_length=1, repr=False)
    qq_client_secret_arn: str | None = None  # Secrets Manager secret holding the APP Key (deployed stages)
    # Where QQ sends the browser back with `code` and `state`: the front-end's callback page in production;
    # unset: this API's own /oauth_callback/ under PUBLIC_URL.
    qq_redirect_uri: HttpUrlText = ""
    # Renran's pages have a callback page of their own (it calls GET /oauth/qq/user/); unset: that route itself.
    qq_renran_redirect_uri: HttpUrlText = ""
    qq_base_url: HttpUrlText = Field(default="https://graph.qq.com", min_length=1)
    qq_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    qq_state_ttl_seconds: int = Field(default=600, ge=30)
    qq_ticket_ttl_seconds: int = Field(default=300, ge=30)

    def redirect_uri(self) -> str:
        """Where QQ sends the browser back: QQ_REDIRECT_URI, else this API's own route under PUBLIC_URL."""
        return self.qq_redirect_uri or f"{public_base()}/oauth_callback/"

    def renran_redirect_uri(self) -> str:
        """Where QQ sends renran's pages back: QQ_RENRAN_REDIRECT_URI, else GET /oauth/qq/user/ under PUBLIC_URL."""
        return self.qq_renran_redirect_uri or f"{public_base()}/oauth/qq/user/"

    def deployed_with_local_secret(self) -> bool:
        """True in a Lambda still holding the public local secret: QQ login is then not configured."""
        return deployed() and self.qq_client_secret == LOCAL_CLIENT_SECRET


def get_qq_settings() -> QQSettings:
    """QQ login's section of the process's settings."""
    return get_settings().section(QQSettings)


def load_client_secret(settings: QQSettings) -> str:
    """The app's secret: QQ_CLIENT_SECRET, else the secret QQ_CLIENT_SECRET_ARN names (read once per container)."""
    # The public local secret stands for "not given".
    return secret_into(settings, "qq_client_secret", settings.qq_client_secret_arn, unset=LOCAL_CLIENT_SECRET)
