"""SQS consumers are capped by their event source's MaximumConcurrency, never by reserved concurrency."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from infra.functions import CONFIG
from tests.functional.test_stage_names import _package


@pytest.fixture(scope="module")
def prod() -> dict[str, Any]:
    """The template `make package STAGE=prod` builds (prod reserves concurrency for its consumers in config.json)."""
    return _package("prod")


def test_queue_consumers_cap_their_event_source_instead_of_reserving(prod: dict[str, Any]) -> None:
    """Each consumer's reserved_concurrency becomes its SQS event's ScalingConfig.MaximumConcurrency."""
    own = json.loads(CONFIG.read_text())["stages"]["prod"]["lambda_functions"]
    capped = 0
    for logical_id, resource in prod["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        sqs = [e for e in resource["Properties"].get("Events", {}).values() if e["Type"] == "SQS"]
        if not sqs:
            continue
        assert "ReservedConcurrentExecutions" not in resource["Properties"]
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", logical_id).lower()  # NotificationsConsumer: notifications_consumer
        reserved = own.get(name, {}).get("reserved_concurrency")
        for event in sqs:
            scaling = event["Properties"].get("ScalingConfig")
            assert scaling == ({"MaximumConcurrency": max(2, reserved)} if reserved else None), name
            capped += reserved is not None
    assert capped >= 4
