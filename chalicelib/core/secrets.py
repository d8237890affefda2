"""The JWT secret of a deployed stage, from Secrets Manager through Powertools Parameters, once per container.

The stack sets JWT_SECRET_ARN instead of JWT_SECRET. The API functions call `load_jwt_secret` on each request
(a no-op after the first): never during init, so a SnapStart snapshot never holds the secret.
"""

from __future__ import annotations

import threading

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings

MIN_LENGTH = 32
# A container never re-reads it: rotating the secret means publishing a new version (new containers).
MAX_AGE_SECONDS = 365 * 24 * 3600

_lock = threading.Lock()
_loaded = False


class SecretError(RuntimeError):
    """The secret JWT_SECRET_ARN names is missing or too short to sign with."""


def fetch_secret(arn: str) -> str:
    """The secret string `arn` names, through Powertools' Secrets Manager provider."""
    from aws_lambda_powertools.utilities.parameters import SecretsProvider  # only the first request needs it

    value = SecretsProvider(boto3_client=aws_client("secretsmanager")).get(arn, max_age=MAX_AGE_SECONDS)
    if not isinstance(value, str) or len(value) < MIN_LENGTH:
        raise SecretError(f"the secret {arn} must be a string of {MIN_LENGTH}+ characters")
    return value


def load_jwt_secret() -> None:
    """Put the secret JWT_SECRET_ARN names into the settings, once per container; without an ARN, nothing."""
    global _loaded
    if _loaded:
        return
    with _lock:
        settings = get_settings()
        if not _loaded and settings.jwt_secret_arn:
            settings.jwt_secret = fetch_secret(settings.jwt_secret_arn)
        _loaded = True


def forget() -> None:
    """Read the secret again on the next request (tests; a restored SnapStart snapshot never loaded it)."""
    global _loaded
    _loaded = False
