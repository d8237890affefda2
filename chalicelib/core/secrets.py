"""A deployed stage's secrets (JWT, Alipay key, QQ APP Key) from Secrets Manager, once per container.

The stack sets JWT_SECRET_ARN instead of JWT_SECRET. Whatever signs or checks with it asks `jwt_secret()`, which
reads it on its first use (a request's): never during init, so a SnapStart snapshot never holds the secret.
A container never reads a secret again: rotating one means publishing a new version (new containers).
"""

from __future__ import annotations

import threading
from typing import Any

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings

MIN_LENGTH = 32

_lock = threading.Lock()
_loaded = False


class SecretError(RuntimeError):
    """The secret JWT_SECRET_ARN names is missing or too short to sign with."""


def fetch_secret(arn: str) -> str:
    """The secret string `arn` names (one GetSecretValue on the process's client)."""
    # Read directly rather than through Powertools Parameters: its providers import boto3 (~55 ms of init for the
    # API functions), and a secret read once per container needs no cache beyond the settings it is put into.
    value = aws_client("secretsmanager").get_secret_value(SecretId=arn).get("SecretString")
    if not isinstance(value, str) or len(value) < MIN_LENGTH:
        raise SecretError(f"the secret {arn} must be a string of {MIN_LENGTH}+ characters")
    return value


def secret_into(settings: Any, field: str, arn: str | None, unset: str = "") -> str:
    """`settings.<field>`, filled on first use from the secret `arn` names while it still holds `unset`.

    A value given directly wins; without an ARN the field is what it is. Read once per container, under a lock, on
    the first request that needs it (never during init: no SnapStart snapshot holds it).
    """
    if getattr(settings, field) != unset or not arn:
        return str(getattr(settings, field))
    with _lock:
        if getattr(settings, field) == unset:
            setattr(settings, field, fetch_secret(arn))
    return str(getattr(settings, field))


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


def jwt_secret() -> str:
    """The key login tokens, tickets and cart ids are signed with: JWT_SECRET_ARN's secret, read on first use."""
    load_jwt_secret()
    return get_settings().jwt_secret


def forget() -> None:
    """Read the secret again on the next request (tests; a restored SnapStart snapshot never loaded it)."""
    global _loaded
    _loaded = False
