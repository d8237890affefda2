"""DynamoDB in its wire format, for what pynamodb does not offer: batches spanning tables (unprocessed items
retried) and the raw client for update expressions with computed attribute names.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from chalicelib.core.clients import aws_client
from chalicelib.core.errors import ServiceUnavailable

Raw = dict[str, Any]  # an item in DynamoDB's wire format: {"name": {"N": "1"}}

BATCH_GET_KEYS = 100
BATCH_WRITE_ITEMS = 25
# Unprocessed items come back under throttling; a few short pauses, then the error surfaces (a retry upstream).
MAX_ROUNDS = 6
PAUSE_SECONDS = 0.05


class Unprocessed(ServiceUnavailable):
    """DynamoDB kept refusing part of a batch (throttling): transient, so a 503 or a queue retry."""


def client() -> Any:
    """The shared DynamoDB client."""
    return aws_client("dynamodb")


def num(value: int) -> Raw:
    """A number in wire format."""
    return {"N": str(int(value))}


def projection(attributes: Sequence[str]) -> dict[str, Any]:
    """A batch read's options reading only `attributes` of a table's items (names aliased: some are reserved)."""
    names = {f"#a{i}": name for i, name in enumerate(attributes)}
    return {"ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}


def batch_get(
    requests: dict[str, list[Raw]], consistent: bool = False, options: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, list[Raw]]:
    """Items by key from several tables: one BatchGetItem per 100 keys (plus retries of unprocessed keys).

    `options` adds to one table's part of the request (a ProjectionExpression, its own ConsistentRead), so one
    request may read one table whole and consistent and another projected and eventually consistent.
    """
    flat = [(table, key) for table, keys in requests.items() for key in keys]
    found: dict[str, list[Raw]] = {table: [] for table in requests}
    extra = options or {}
    for start in range(0, len(flat), BATCH_GET_KEYS):
        pending: dict[str, Any] = {}
        for table, key in flat[start : start + BATCH_GET_KEYS]:
            part = pending.setdefault(table, {"Keys": [], "ConsistentRead": consistent, **extra.get(table, {})})
            part["Keys"].append(key)
        for round_ in range(MAX_ROUNDS):
            answer = client().batch_get_item(RequestItems=pending)
            for table, items in answer.get("Responses", {}).items():
                found[table].extend(items)
            pending = answer.get("UnprocessedKeys") or {}
            if not pending:
                break
            time.sleep(PAUSE_SECONDS * 2**round_)
        if pending:
            raise Unprocessed("batch get left keys unprocessed")
    return found


def batch_write(requests: list[tuple[str, Raw]]) -> None:
    """Put whole items, given as (table, item), with one BatchWriteItem per 25 (plus retries of unprocessed ones)."""
    for start in range(0, len(requests), BATCH_WRITE_ITEMS):
        pending: dict[str, list[Any]] = {}
        for table, item in requests[start : start + BATCH_WRITE_ITEMS]:
            pending.setdefault(table, []).append({"PutRequest": {"Item": item}})
        for round_ in range(MAX_ROUNDS):
            pending = client().batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
            if not pending:
                break
            time.sleep(PAUSE_SECONDS * 2**round_)
        if pending:
            raise Unprocessed("batch write left items unprocessed")
