"""Pure pieces of the local stack: schedule expressions, Lambda payload shapes, batch-failure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from chalice.app import Cron, Rate

from devstack.events import failed_message_ids, scheduled_event, sqs_record
from devstack.schedules import CronSchedule, parse_at, parse_rate
from devstack.stack_env import parse_rate_overrides


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


def test_cron_lists_ranges_steps_and_names() -> None:
    cron = CronSchedule.parse("cron(0/15 8-10,14 ? JAN-MAR MON-FRI *)")
    assert cron.minutes == {0, 15, 30, 45}
    assert cron.hours == {8, 9, 10, 14}
    assert cron.months == {1, 2, 3}
    assert cron.days_of_week == {2, 3, 4, 5, 6}
    assert cron.days_of_month is None


def test_cron_matches_in_utc_with_aws_weekday_numbers() -> None:
    cron = CronSchedule.parse(Cron(30, 9, "?", "*", 2, "*"))  # 2 = Monday in AWS numbering
    monday = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert cron.matches(monday)
    assert not cron.matches(monday + timedelta(minutes=1))
    assert not cron.matches(monday + timedelta(days=1))
    # 17:30 in Shanghai is 09:30 UTC: the matcher compares in UTC like EventBridge rules.
    shanghai = monday.astimezone(ZoneInfo("Asia/Shanghai"))
    assert cron.matches(shanghai)


def test_cron_day_of_month_and_step_on_star() -> None:
    cron = CronSchedule.parse("cron(0 */6 1 * ? 2024)")
    assert cron.hours == {0, 6, 12, 18}
    assert cron.matches(datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    assert not cron.matches(datetime(2024, 5, 2, 12, 0, tzinfo=UTC))
    assert not cron.matches(datetime(2025, 5, 1, 12, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 10 * * * *)",  # both day fields constrained
        "cron(0 10 ? * ? *)",  # neither
        "cron(0 10 L * ? *)",  # unsupported L
        "cron(0 10 ? * 6#3 *)",  # unsupported #
        "cron(61 10 * * ? *)",  # out of range
        "cron(0 10 * * ?)",  # five fields
        "rate(5 minutes)",
    ],
)
def test_cron_rejects_what_it_cannot_match(expression: str) -> None:
    with pytest.raises(ValueError):
        CronSchedule.parse(expression)


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
