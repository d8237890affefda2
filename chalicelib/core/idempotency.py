"""Powertools idempotency on DynamoDB, built on first use so cold starts stay lean."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings

F = TypeVar("F", bound=Callable[..., Any])


@lru_cache(maxsize=1)
def persistence_store() -> DynamoDBPersistenceLayer:
    """The idempotency table (records expire by TTL)."""
    table = get_settings().table("idempotency")
    return DynamoDBPersistenceLayer(table_name=table, boto3_client=aws_client("dynamodb"))


def once(
    fn: F, data_argument: str, key_path: str | None = None, expires_after_seconds: int = 86400
) -> tuple[F, IdempotencyConfig]:
    """Wrap `fn` so the same `data_argument` value runs it once and replays its result after.

    The config is returned so a handler can register its Lambda context (in-progress expiry).
    """
    config = IdempotencyConfig(event_key_jmespath=key_path or "", expires_after_seconds=expires_after_seconds)
    decorate = idempotent_function(
        data_keyword_argument=data_argument, persistence_store=persistence_store(), config=config
    )
    return decorate(fn), config
