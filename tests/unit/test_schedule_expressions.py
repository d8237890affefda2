"""Pure pieces of the local stack: schedule expressions, Lambda payload shapes and settings, batch-failure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from chalice.app import Rate
from chalice.config import Config

from devstack.events import failed_message_ids, scheduled_event, sqs_record
from devstack.schedules import parse_at, parse_rate
from devstack.stack_env import function_environment, lambda_settings, parse_rate_overrides


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("rate(1 minute)", timedelta(minutes=1)),
        ("rate(5 minutes)", timedelta(minutes=5)),
        ("rate(2 hours)", timedelta(hours=2)),
        ("rate(1 day)", timedelta(days=1)),
        (Rate(3, unit=Rate.MINUTES), timedelta(minutes=3)),
        (Rate(1, unit=Rate.DAYS), timedelta(days=1)),
    ],
)
def test_parse_rate(expression: str | Rate, expected: timedelta) -> None:
    assert parse_rate(expression) == expected


def test_parse_rate_is_none_for_cron_and_rejects_zero() -> None:
    assert parse_rate("cron(0 * * * ? *)") is None
    with pytest.raises(ValueError, match="positive"):
        parse_rate("rate(0 minutes)")


def test_parse_at_uses_the_schedule_time_zone() -> None:
    assert parse_at("at(2030-01-01T16:00:00)", "Asia/Shanghai") == datetime(2030, 1, 1, 8, 0, tzinfo=UTC)
    assert parse_at("at(2030-01-01T16:00:00)") == datetime(2030, 1, 1, 16, 0, tzinfo=UTC)
    assert parse_at("rate(5 minutes)") is None


def test_failed_message_ids_follow_lambda_rules() -> None:
    ids = ["a", "b", "c"]
    assert failed_message_ids(None, ids) == set()
    assert failed_message_ids({"batchItemFailures": []}, ids) == set()
    assert failed_message_ids({"batchItemFailures": [{"itemIdentifier": "b"}]}, ids) == {"b"}
    # An unknown or empty identifier makes Lambda retry the whole batch.
    assert failed_message_ids({"batchItemFailures": [{"itemIdentifier": "zzz"}]}, ids) == set(ids)
    assert failed_message_ids({"batchItemFailures": [{"itemIdentifier": ""}]}, ids) == set(ids)


def test_sqs_record_has_lambda_shape_with_camel_case_attributes() -> None:
    message = {
        "MessageId": "m1",
        "ReceiptHandle": "rh",
        "Body": "{}",
        "MD5OfBody": "99914b932bd37a50b983c5e7c90ae93b",
        "Attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1", "SenderId": "x"},
        "MessageAttributes": {
            "kind": {"DataType": "String", "StringValue": "sms"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        },
    }
    record = sqs_record(message, "arn:aws:sqs:us-east-1:123456789012:q", "us-east-1")
    assert record["messageId"] == "m1" and record["receiptHandle"] == "rh" and record["body"] == "{}"
    assert record["eventSource"] == "aws:sqs" and record["eventSourceARN"].endswith(":q")
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["messageAttributes"]["kind"] == {
        "stringValue": "sms",
        "stringListValues": [],
        "binaryListValues": [],
        "dataType": "String",
    }
    assert record["messageAttributes"]["blob"]["binaryValue"] == "AAE="


def test_scheduled_event_time_is_utc_with_z() -> None:
    when = datetime(2024, 1, 1, 16, 0, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    event = scheduled_event("arn:aws:events:us-east-1:1:rule/r", "us-east-1", "1", when)
    assert event["time"] == "2024-01-01T08:00:05Z" and event["detail-type"] == "Scheduled Event"


def test_parse_rate_overrides() -> None:
    assert parse_rate_overrides("banner_refresh=10, sweeper=2.5") == {"banner_refresh": 10.0, "sweeper": 2.5}
    assert parse_rate_overrides("") == {}
    with pytest.raises(ValueError):
        parse_rate_overrides("banner_refresh")


def test_lambda_settings_resolve_function_then_stage_then_top_level_then_chalice_defaults() -> None:
    on_disk = {
        "lambda_timeout": 20,
        "environment_variables": {"A": "top", "B": "top"},
        "stages": {
            "dev": {
                "lambda_memory_size": 512,
                "environment_variables": {"B": "stage"},
                "lambda_functions": {"sweep": {"lambda_memory_size": 256, "lambda_timeout": 30}},
            }
        },
    }
    config = Config(chalice_stage="dev", config_from_disk=on_disk)
    assert lambda_settings(config, "sweep") == (256, 30)
    assert lambda_settings(config, "consumer") == (512, 20)
    assert lambda_settings(Config(chalice_stage="prod", config_from_disk=on_disk), "sweep") == (128, 20)
    assert lambda_settings(Config(chalice_stage="dev", config_from_disk={}), "sweep") == (128, 60)
    assert function_environment(config, "sweep") == {"A": "top", "B": "stage"}
