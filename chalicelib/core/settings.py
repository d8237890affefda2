"""One settings object, read from the environment once per process.

`get_settings()` is the one entry point. A context with settings of its own (payments, QQ login, search, the captcha)
declares them as an `EnvSettings` section and reads them with `get_settings().section(TheirSettings)`: each section
is read from the environment on first use and kept with the rest, so clearing `get_settings` drops them all.

The loader is pydantic itself: every field is a scalar, so its variable's text is handed to the model, which turns it
into the field's type and checks it. pydantic-settings would do the same at ~33 ms of every function's init (its
sources import python-dotenv and argparse for features we never use).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Annotated, Any, TypeVar, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from chalicelib.core.stage import deployed

# Public in this repository, so fit for a laptop only: a function in AWS refuses to start with it.
LOCAL_JWT_SECRET = "local-development-only-secret-change-me"  # noqa: S105 (public by design, refused in AWS)


def http_only(value: str) -> str:
    """`value` if empty or an http(s) URL; anything else is refused."""
    # urllib would also open file:// and ftp:// URLs; every provider and engine we call speaks HTTP(S) only.
    if value and not value.startswith(("https://", "http://")):
        raise ValueError("must be an http(s) URL")
    return value


HttpUrlText = Annotated[str, AfterValidator(http_only)]


class EnvSettings(BaseModel):
    """Settings read from the environment: a field's variable is its upper-cased name; an empty one counts as unset."""

    # Values passed in (tests) win over the environment; a name no field declares is an error, not dropped.
    model_config = ConfigDict(extra="forbid")

    def __init__(self, **values: Any) -> None:
        """Validate the environment's values for the declared fields, overridden by `values`."""
        names = type(self).model_fields
        found = {name: os.environ[name.upper()] for name in names if os.environ.get(name.upper())}
        super().__init__(**{**found, **values})


Section = TypeVar("Section", bound=EnvSettings)


class Settings(EnvSettings):
    """Every tunable shared by the contexts; the sections of single contexts come from `section()`."""

    stage: str = "dev"
    table_prefix: str = "shop-"
    queue_prefix: str = "shop-"
    aws_region: str = "us-east-1"
    aws_endpoint_url: str | None = None
    redis_url: str = "redis://127.0.0.1:6379/0"
    jwt_secret: str = Field(default=LOCAL_JWT_SECRET, min_length=32)
    # Deployed stages: the Secrets Manager secret holding jwt_secret, read on the first request (core/secrets.py).
    jwt_secret_arn: str | None = None
    jwt_ttl_seconds: int = 86400
    # How long a container trusts a user's staff flag, active flag and token version before re-reading them.
    auth_cache_seconds: float = Field(default=5.0, ge=0, le=300)
    public_url: str = "http://127.0.0.1:8000"
    sms_code_ttl_seconds: int = 300
    sms_resend_seconds: int = 60
    sms_ip_limit_per_hour: int = 20
    sms_max_attempts: int = 5
    notify_provider: str = "outbox"
    email_sender: str = "no-reply@example.com"
    sms_outbox: str = ".local/outbox/sms.jsonl"
    email_outbox: str = ".local/outbox/email.jsonl"
    email_token_ttl_seconds: int = 86400
    # Generous per IP (an office behind one NAT address logs in together); guessing is stopped per account.
    login_limit_per_minute: int = 30
    # Per account: this many failed logins, then locks of LOGIN_LOCK_SECONDS doubling up to LOGIN_MAX_LOCK_SECONDS.
    login_account_failures: int = 5
    login_lock_seconds: int = 30
    login_max_lock_seconds: int = 900
    email_limit_per_user_hour: int = 5
    email_limit_per_address_day: int = 3
    # Password reset by e-mail (renran's 找回密码): the link's life, the page it opens (unset: PUBLIC_URL +
    # /reset_password) and the mails one client IP per hour, or one address per day, may ask for.
    password_reset_ttl_seconds: int = Field(default=1800, ge=60, le=86400)
    password_reset_url: str = ""
    password_reset_limit_per_ip_hour: int = Field(default=10, ge=1)
    password_reset_limit_per_address_day: int = Field(default=3, ge=1)
    feed_push_threshold: int = 10000
    feed_backfill: int = 20
    order_unpaid_timeout_seconds: int = 1800
    # A checkout without Idempotency-Key repeated this long after the first (same selected lines, address and pay
    # method) answers the first order, as DynamoDB's own ClientRequestToken does for 10 minutes; 0 turns it off.
    checkout_dedup_seconds: int = Field(default=600, ge=0, le=86400)
    # The role EventBridge Scheduler assumes to deliver one-time schedules; the stack sets the real one.
    scheduler_role_arn: str = "arn:aws:iam::123456789012:role/shop-scheduler/local"
    # `arn:<partition>:sqs:<region>:<account>:`, set by the stack: a schedule's target queue is then named without
    # asking SQS. Unset (the local stack, tests), the ARN is looked up once per process.
    queue_arn_prefix: str = ""
    # `https://sqs.<region>.<domain>/<account>/`, set by the stack: a queue's URL is then this + its name, so a
    # restored copy's first send waits on no GetQueueUrl. Unset, the URL is looked up once per process.
    queue_url_prefix: str = ""
    banner_refresh_minutes: int = 5
    # Comma-separated hosts a banner may link to over https; other links must be site paths ("/...").
    banner_link_hosts: str = ""
    business_timezone: str = "Asia/Shanghai"
    max_body_bytes: int = 65536
    areas_cache_seconds: int = 3600
    visit_shards: int = Field(default=1, ge=1, le=100)  # records per category and day that visits spread over
    # Comma-separated origins whose pages may call the API with credentials (the course front-ends' dev servers).
    cors_allow_origins: str = "http://127.0.0.1:8080,http://localhost:8080"
    # The bucket of images (demo media and users' uploads) and the public URL prefix its objects are read at.
    media_bucket: str = "shop-media"
    media_base_url: str = ""
    # Presigned uploads: the largest image a browser may POST, and how long its form stays valid.
    upload_max_bytes: int = Field(default=2 * 1024 * 1024, ge=1, le=5 * 1024 * 1024 * 1024)
    upload_expires_seconds: int = Field(default=600, ge=1, le=604800)
    # Upload forms one user may ask for per hour (each may store an object of up to upload_max_bytes).
    upload_limit_per_user_hour: int = Field(default=60, ge=1)
    # Not a setting: the sections read so far, kept here so the process holds one settings object.
    _sections: dict[type[EnvSettings], EnvSettings] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _real_secret_when_deployed(self) -> Settings:
        if deployed() and self.jwt_secret == LOCAL_JWT_SECRET and not self.jwt_secret_arn:
            raise ValueError("JWT_SECRET is the public development default; a deployed stage needs its own secret")
        return self

    def section(self, kind: type[Section]) -> Section:
        """A context's own settings, read from the environment on first use and the same object afterwards."""
        found = self._sections.get(kind)
        if found is None:
            # Two threads may both read it; setdefault keeps the first, so every caller changes one object.
            found = self._sections.setdefault(kind, kind())
        return cast(Section, found)

    def cors_origins(self) -> frozenset[str]:
        """The origins allowed by CORS_ALLOW_ORIGINS."""
        return frozenset(o.strip().rstrip("/") for o in self.cors_allow_origins.split(",") if o.strip())

    def media_base(self) -> str:
        """MEDIA_BASE_URL without a trailing slash; unset, the bucket's own virtual-hosted URL."""
        return (self.media_base_url or f"https://{self.media_bucket}.s3.amazonaws.com").rstrip("/")

    def table(self, name: str) -> str:
        """Full DynamoDB table name for a logical table."""
        return f"{self.table_prefix}{name}"

    def queue(self, name: str) -> str:
        """Full SQS queue name for a logical queue."""
        return f"{self.queue_prefix}{name}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment and validated once."""
    return Settings()
