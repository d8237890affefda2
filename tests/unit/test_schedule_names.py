"""One-time schedules carry the stage's prefix, and each stage's grant names exactly its own schedules."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from chalicelib.core import schedules
from chalicelib.core.settings import get_settings
from infra import policies, stage_names
from infra.usage import Usage


class _Message(BaseModel):
    order_id: str


class _Scheduler:
    """Records the names Scheduler is asked to create and delete."""

    class exceptions:
        ResourceNotFoundException = KeyError

    def __init__(self) -> None:
        self.created: list[str] = []
        self.deleted: list[str] = []
        self.targets: list[str] = []

    def create_schedule(self, Name: str, Target: dict[str, Any], **_: Any) -> None:
        self.created.append(Name)
        self.targets.append(Target["Arn"])

    def delete_schedule(self, Name: str, GroupName: str) -> None:
        self.deleted.append(Name)


@pytest.fixture
def scheduler(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Scheduler]:
    """A prod function's settings (the prefixes as the stack sets them) and a recording Scheduler, the only client."""
    fake = _Scheduler()

    def scheduler_only(service: str) -> _Scheduler:
        assert service == "scheduler", f"a schedule asked {service} (the stack names the target queue's ARN)"
        return fake

    monkeypatch.setenv("TABLE_PREFIX", stage_names.prefix("prod"))
    monkeypatch.setenv("QUEUE_PREFIX", stage_names.prefix("prod"))
    monkeypatch.setenv("QUEUE_ARN_PREFIX", "arn:aws:sqs:eu-west-2:123456789012:")
    monkeypatch.setenv("STAGE", "prod")
    monkeypatch.setattr(schedules, "aws_client", scheduler_only)
    get_settings.cache_clear()
    yield fake
    get_settings.cache_clear()


def test_a_prod_schedule_is_created_and_deleted_under_the_prod_prefix(scheduler: _Scheduler) -> None:
    when = datetime(2030, 1, 1, tzinfo=UTC)
    assert schedules.deliver_at("shop-order-42", when, "order-timeouts", _Message(order_id="42"))
    schedules.cancel("shop-order-42")
    assert scheduler.created == scheduler.deleted == ["shop-prod-order-42"]


def test_the_target_queue_arn_comes_from_the_stack_without_asking_sqs(scheduler: _Scheduler) -> None:
    """Deployed, a schedule names its queue by QUEUE_ARN_PREFIX: no SQS client, no lookup after a restore."""
    schedules.deliver_at("shop-order-42", datetime(2030, 1, 1, tzinfo=UTC), "order-timeouts", _Message(order_id="42"))
    assert scheduler.targets == ["arn:aws:sqs:eu-west-2:123456789012:shop-prod-order-timeouts"]


def _grant(stage: str) -> str:
    """The schedule ARN pattern a scheduling function of `stage`'s packaged template may create and delete."""
    usage = Usage(frozenset(), frozenset(), frozenset(), scheduler=True, notify=False, redis=False)
    template: dict[str, Any] = {"Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {}}}}
    template["Resources"]["FRole"] = policies.role("F", policies.statements(usage, {}, {}, None))
    stage_names.apply(template, stage)
    statements = template["Resources"]["FRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    (grant,) = [s for s in statements if s.get("Sid") == "OneTimeSchedules"]
    assert "scheduler:CreateSchedule" in grant["Action"] and "scheduler:DeleteSchedule" in grant["Action"]
    return str(grant["Resource"]["Fn::Sub"]).rsplit("/", 1)[-1]


def test_the_prod_grant_covers_prod_schedules_and_not_dev_ones(scheduler: _Scheduler) -> None:
    schedules.deliver_at("shop-article-7", datetime(2030, 1, 1, tzinfo=UTC), "feed-fanout", _Message(order_id="7"))
    (prod_name,) = scheduler.created
    assert fnmatch.fnmatchcase(prod_name, _grant("prod"))
    assert not fnmatch.fnmatchcase("shop-article-7", _grant("prod"))
    # dev's grant names dev's schedules only: not prod's, though dev keeps the bare `shop-` prefix for its tables
    assert _grant("dev") == "shop-dev-*"
    assert not fnmatch.fnmatchcase(prod_name, _grant("dev"))
    assert not fnmatch.fnmatchcase("shop-dev-article-7", _grant("prod"))
