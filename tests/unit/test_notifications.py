"""Notification messages and retry backoff."""

import pytest
from pydantic import ValidationError

from chalicelib.notifications.consumer import backoff_seconds, sms_text
from chalicelib.notifications.models import SmsMessage, notification_adapter


def test_backoff_doubles_from_three_seconds_and_is_capped():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [3, 6, 12, 24]
    assert backoff_seconds(50) == 900


def test_messages_are_told_apart_by_kind():
    message = notification_adapter.validate_json('{"kind": "sms", "mobile": "13800138000", "code": "123456"}')
    assert isinstance(message, SmsMessage)
    assert "123456" in sms_text(message)


def test_malformed_message_is_rejected():
    with pytest.raises(ValidationError):
        notification_adapter.validate_json('{"kind": "sms", "mobile": "42", "code": "x"}')
