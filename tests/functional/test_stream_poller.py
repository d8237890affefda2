"""The local pump's stream reads against moto's server: what a write puts on a table's stream reaches the handler."""

from __future__ import annotations

import secrets
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


def test_writes_after_a_cancelled_transaction_still_reach_the_handler(services: Backends) -> None:
    endpoint, table = services.env["AWS_ENDPOINT_URL"], get_settings().table("skus")
    dynamodb = aws_client("dynamodb", endpoint)
    seen: list[int] = []
    poller = StreamPoller(aws_client("dynamodbstreams", endpoint), dynamodb, _recorder(seen))
    poller.start(table)
    before, after = (-secrets.randbelow(10**9) - 10 for _ in range(2))
    try:
        dynamodb.put_item(TableName=table, Item={"sku_id": {"N": str(before)}})
        while poller.poll_once(CONFIG, table).records:
            pass
        # moto puts back a copy of every table of a cancelled transaction: iterators taken before it read the old one.
        _cancel_a_transaction_on(dynamodb, table)
        dynamodb.put_item(TableName=table, Item={"sku_id": {"N": str(after)}})
        while poller.poll_once(CONFIG, table).records:
            pass
    finally:
        for key in (before, after):
            dynamodb.delete_item(TableName=table, Key={"sku_id": {"N": str(key)}})
    assert seen == [before, after]


def test_latest_skips_what_was_written_before_the_start(services: Backends) -> None:
    endpoint, table = services.env["AWS_ENDPOINT_URL"], get_settings().table("skus")
    dynamodb = aws_client("dynamodb", endpoint)
    earlier, later = (-secrets.randbelow(10**9) - 10 for _ in range(2))
    seen: list[int] = []
    try:
        dynamodb.put_item(TableName=table, Item={"sku_id": {"N": str(earlier)}})
        poller = StreamPoller(aws_client("dynamodbstreams", endpoint), dynamodb, _recorder(seen))
        poller.start(table)
        dynamodb.put_item(TableName=table, Item={"sku_id": {"N": str(later)}})
        while poller.poll_once(CONFIG, table).records:
            pass
    finally:
        for key in (earlier, later):
            dynamodb.delete_item(TableName=table, Key={"sku_id": {"N": str(key)}})
    assert seen == [later]
