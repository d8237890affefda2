"""pynamodb table wiring shared by every repository: table names, endpoint, atomic counters, and the storage idioms
(a conditional write that may fail, a get that may find nothing) written once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from botocore.exceptions import ClientError
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import PynamoDBException
from pynamodb.models import Model

# Imported for its effect: every pynamodb connection shares the process's botocore session and client.
from chalicelib.core import aws_session  # noqa: F401
from chalicelib.core.settings import get_settings

# Every model and the raw batches (core/clients.py aws_client("dynamodb")) use these, so they share one DynamoDB
# client (core/aws_session.py keys clients by them): one to build and prime, one connection pool.
CONNECT_SECONDS, READ_SECONDS, RETRIES = 2, 5, 3


def table_meta(name: str) -> Any:
    """A pynamodb Meta class for the logical table `name` (prefix, region, endpoint from settings)."""
    settings = get_settings()
    attrs = {
        "table_name": settings.table(name),
        "region": settings.aws_region,
        "host": settings.aws_endpoint_url,
        "connect_timeout_seconds": CONNECT_SECONDS,
        "read_timeout_seconds": READ_SECONDS,
        "max_retry_attempts": RETRIES,
    }
    return type("Meta", (), attrs)


@lru_cache(maxsize=1)
def models_connection() -> Connection:
    """A connection configured as every model's, whose client is the one they share (the raw batches' too)."""
    settings = get_settings()
    return Connection(
        region=settings.aws_region,
        host=settings.aws_endpoint_url,
        connect_timeout_seconds=CONNECT_SECONDS,
        read_timeout_seconds=READ_SECONDS,
        max_retry_attempts=RETRIES,
    )


@lru_cache(maxsize=1)
def connection() -> Connection:
    """The low-level pynamodb connection for transactions spanning tables, on a client of its own.

    pynamodb's default timeouts (read 30 s), not the models' 5 s: a transaction of many items waits on every item's
    condition, and timing one out while the table is hot only sends it again (its ClientRequestToken makes the
    second send safe, but adds load when there is least room for it: with the models' 5 s, 64 concurrent notice
    transactions on the local stack timed out and were resent until lookups failed, `make bench`'s likes row).
    """
    settings = get_settings()
    return Connection(region=settings.aws_region, host=settings.aws_endpoint_url)


class CounterModel(Model):
    """Named atomic counters: the stand-in for MySQL and TableStore auto-increment keys."""

    Meta = table_meta("counters")
    name = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(default=0)


def next_id(name: str) -> int:
    """Allocate the next integer of a named sequence with one `ADD` (no read first)."""
    counter = CounterModel(name)
    counter.update(actions=[CounterModel.value.add(1)])
    return int(counter.value)


CONDITION_FAILED = "ConditionalCheckFailedException"
M = TypeVar("M", bound=Model)


def condition_failed(exc: Exception) -> bool:
    """Whether a pynamodb or botocore error is DynamoDB refusing a write's condition (and nothing else)."""
    if isinstance(exc, PynamoDBException):
        return exc.cause_response_code == CONDITION_FAILED
    if isinstance(exc, ClientError):
        return exc.response.get("Error", {}).get("Code") == CONDITION_FAILED
    return False


def write_if(write: Callable[[], object]) -> bool:
    """Run one conditional write: True when it was made, False when its condition failed; other errors raise."""
    try:
        write()
    except (PynamoDBException, ClientError) as exc:
        if condition_failed(exc):
            return False
        raise
    return True


def get_or_none(
    model: type[M],
    hash_key: Any,
    range_key: Any = None,
    *,
    consistent_read: bool = False,
    attributes_to_get: Sequence[str] | None = None,
) -> M | None:
    """One item by key (only `attributes_to_get` of it, if given), or None when there is none."""
    try:
        return model.get(hash_key, range_key, consistent_read=consistent_read, attributes_to_get=attributes_to_get)
    except model.DoesNotExist:
        return None
