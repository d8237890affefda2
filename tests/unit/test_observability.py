"""The app's metrics carry the dimensions the stage's alarms read (infra/alarms.py)."""

from __future__ import annotations

import json

import pytest

from chalicelib.core.observability import metrics
from infra import alarms


def test_a_refund_due_is_published_with_the_dimensions_its_alarm_reads(capsys: pytest.CaptureFixture[str]) -> None:
    """The EMF line of PaymentRefundDue names the alarm's namespace and exactly its dimensions."""
    # The process's one Metrics object may hold what earlier tests added without a flush (FanoutExpired).
    metrics.clear_metrics()
    metrics.add_metric(name="PaymentRefundDue", unit="Count", value=1)
    metrics.flush_metrics()
    emitted = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    (directive,) = emitted["_aws"]["CloudWatchMetrics"]
    alarm = alarms.refund_alarm("dev")["Properties"]
    assert directive["Namespace"] == alarm["Namespace"]
    assert [m["Name"] for m in directive["Metrics"]] == [alarm["MetricName"]]
    expected = {d["Name"]: d["Value"] for d in alarm["Dimensions"]}
    assert set(directive["Dimensions"][0]) == set(expected)
    assert {name: emitted[name] for name in expected} == expected
