"""QQ login's own settings, read from the environment once per process (the variable is the upper-cased name)."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, Field, field_validator

# The local authorization server (devstack/qq_server.py) knows this client; QQ never issued it.
LOCAL_CLIENT_ID = "local-shop"
LOCAL_CLIENT_SECRET = "local-development-only-qq-secret"  # noqa: S105 (public by design, refused in AWS)


class QQSettings(BaseModel):
    """QQ Connect's app credentials, where QQ is, and how long the login's steps may take."""

    qq_client_id: str = Field(default=LOCAL_CLIENT_ID, min_length=1)
    qq_client_secret: str = Field(default=LOCAL_CLIENT_SECRET, min_length=1)
    # Where QQ sends the browser back with `code` and `state`: the front-end's callback page in production.
    qq_redirect_uri: str = "http://127.0.0.1:8000/oauth_callback/"
    qq_base_url: str = "https://graph.qq.com"
    qq_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    qq_state_ttl_seconds: int = Field(default=600, ge=30)
    qq_ticket_ttl_seconds: int = Field(default=300, ge=30)

    @field_validator("qq_base_url", "qq_redirect_uri")
    @classmethod
    def _http_only(cls, value: str) -> str:
        # urllib would also open file:// and ftp:// URLs; the provider only ever speaks HTTP(S).
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value

    def deployed_with_local_secret(self) -> bool:
        """True in a Lambda still holding the public local secret: QQ login is then not configured."""
        return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME")) and self.qq_client_secret == LOCAL_CLIENT_SECRET


@lru_cache(maxsize=1)
def get_qq_settings() -> QQSettings:
    """The process-wide QQ settings, validated once."""
    values = {name: os.environ[name.upper()] for name in QQSettings.model_fields if os.environ.get(name.upper())}
    return QQSettings.model_validate(values)
