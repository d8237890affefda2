"""Publish times at the ends of the calendar: refused as a 400 naming pub_date, by the model and by the service."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from chalicelib.core.errors import InvalidInput
from chalicelib.feed.articles.service import due_time
from chalicelib.feed.models import IntervalRequest

NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
ENDS = ["0001-01-01 00:00:00", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "9999-12-31 23:59:59"]


@pytest.mark.parametrize("text", ENDS)
def test_the_service_refuses_a_time_whose_utc_would_leave_the_calendar(text):
    with pytest.raises(InvalidInput) as raised:
        due_time(text, "Asia/Shanghai", NOW)
    assert [e["field"] for e in raised.value.extra["errors"]] == ["pub_date"]


@pytest.mark.parametrize("text", [*ENDS, "1969-12-31 23:59:59", "2026-06-01T00:00:00+24:00"])
def test_the_model_refuses_years_no_publish_time_can_have(text):
    with pytest.raises(ValidationError) as raised:
        IntervalRequest(pub_date=text)
    assert [e["loc"] for e in raised.value.errors()] == [("pub_date",)]


def test_the_model_keeps_a_time_inside_the_window_for_the_service_to_judge():
    assert IntervalRequest(pub_date="9998-12-31T23:59:59+23:59").pub_date == "9998-12-31T23:59:59+23:59"
    with pytest.raises(InvalidInput):
        due_time("9998-12-31T23:59:59-23:59", "Asia/Shanghai", NOW)  # converts fine, and is too far ahead
