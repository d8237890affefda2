"""The local pump's stream reads against moto's server: what a write puts on a table's stream reaches the handler."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError
from chalice.app import DynamoDBEventConfig

from chalicelib.core.settings import get_settings
from devstack.backends import Backends
from devstack.moto_server import aws_client
from devstack.stream_poller import StreamPoller

CONFIG = DynamoDBEventConfig(
    name="probe",
    handler_string="",
    stream_arn="",
    batch_size=100,
    starting_position="LATEST",
    maximum_batching_window_in_seconds=0,
)


def _keys(event: dict[str, Any]) -> list[int]:
    return [int(r["dynamodb"]["Keys"]["sku_id"]["N"]) for r in event["Records"]]


def _recorder(seen: list[int]) -> Any:
    def invoke(name: str, event: dict[str, Any]) -> dict[str, Any]:
        seen.extend(_keys(event))
        return {}

    return invoke


def _cancel_a_transaction_on(dynamodb: Any, table: str) -> None:
    check = {"TableName": table, "Key": {"sku_id": {"N": "-1"}}, "ConditionExpression": "attribute_exists(sku_id)"}
    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(TransactItems=[{"ConditionCheck": check}])
    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"


def _drain(poller: StreamPoller, table: str) -> None:
    while poller.poll_once(CONFIG, table).records:
        pass


@contextmanager
def _throwaway_skus(dynamodb: Any, table: str, count: int) -> Iterator[list[int]]:
    """Keys for SKU items written by the test (negative, so no real SKU), deleted afterwards."""
    keys = [-secrets.randbelow(10**9) - 10 for _ in range(count)]
    try:
        yield keys
    finally:
        for key in keys:
            dynamodb.delete_item(TableName=table, Key={"sku_id": {"N": str(key)}})


def _put(dynamodb: Any, table: str, key: int) -> None:
    dynamodb.put_item(TableName=table, Item={"sku_id": {"N": str(key)}})


def test_writes_after_a_cancelled_transaction_still_reach_the_handler(services: Backends) -> None:
    endpoint, table = services.env["AWS_ENDPOINT_URL"], get_settings().table("skus")
    dynamodb = aws_client("dynamodb", endpoint)
    seen: list[int] = []
    poller = StreamPoller(aws_client("dynamodbstreams", endpoint), dynamodb, _recorder(seen))
    poller.start(table)
    with _throwaway_skus(dynamodb, table, 2) as (before, after):
        _put(dynamodb, table, before)
        _drain(poller, table)
        # moto puts back a copy of every table of a cancelled transaction: iterators taken before it read the old one.
        _cancel_a_transaction_on(dynamodb, table)
        _put(dynamodb, table, after)
        _drain(poller, table)
    assert seen == [before, after]


def test_latest_skips_what_was_written_before_the_start(services: Backends) -> None:
    endpoint, table = services.env["AWS_ENDPOINT_URL"], get_settings().table("skus")
    dynamodb = aws_client("dynamodb", endpoint)
    seen: list[int] = []
    with _throwaway_skus(dynamodb, table, 2) as (earlier, later):
        _put(dynamodb, table, earlier)
        poller = StreamPoller(aws_client("dynamodbstreams", endpoint), dynamodb, _recorder(seen))
        poller.start(table)
        _put(dynamodb, table, later)
        _drain(poller, table)
    assert seen == [later]


def test_a_poller_resumed_at_anothers_checkpoints_reads_on_from_there(services: Backends) -> None:
    """A restarted pump takes each stream up where the last one left it: nothing applied again, nothing missed."""
    endpoint, table = services.env["AWS_ENDPOINT_URL"], get_settings().table("skus")
    dynamodb, streams = aws_client("dynamodb", endpoint), aws_client("dynamodbstreams", endpoint)
    first_seen: list[int] = []
    first = StreamPoller(streams, dynamodb, _recorder(first_seen))
    first.start(table)
    with _throwaway_skus(dynamodb, table, 3) as (applied, missed_while_down, later):
        _put(dynamodb, table, applied)
        _drain(first, table)
        saved = first.checkpoints()[table]
        _put(dynamodb, table, missed_while_down)  # written between the two pumps
        resumed_seen: list[int] = []
        resumed = StreamPoller(streams, dynamodb, _recorder(resumed_seen))
        resumed.resume(table, saved)
        _put(dynamodb, table, later)
        _drain(resumed, table)
        # And one started at TRIM_HORIZON reads what the stream held before it started too
        everything: list[int] = []
        fresh = StreamPoller(streams, dynamodb, _recorder(everything))
        fresh.start(table, "TRIM_HORIZON")
        _drain(fresh, table)
    assert first_seen == [applied]
    assert resumed_seen == [missed_while_down, later]
    assert {applied, missed_while_down, later} <= set(everything)
