"""EventBridge Scheduler one-time at() schedules, delivered to the SQS queues they target and then deleted."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from devstack.schedules import parse_at

log = logging.getLogger("devstack.pump")

MAX_DELIVERY_ATTEMPTS = 3  # Scheduler retries a failed delivery; three tries stand in for its retry policy

_Key = tuple[str, str]  # (group, name)
_SUPPORTED = "the local stack delivers what the app creates: at() to an SQS queue, deleted after completion"


@dataclass
class Delivery:
    """One one-time schedule delivered (or attempted, or refused) to its target."""

    name: str
    group: str
    target_arn: str
    error: str | None = None


def _target_arn(detail: Mapping[str, Any]) -> str:
    return str(detail.get("Target", {}).get("Arn", ""))


def _unsupported_reason(detail: Mapping[str, Any]) -> str | None:
    """Why the local stack will not deliver this schedule (the app creates none like it), or None if it will."""
    expression = detail.get("ScheduleExpression", "")
    if parse_at(expression, detail.get("ScheduleExpressionTimezone")) is None:
        return f"{expression!r} is not a one-time at() expression"
    if _target_arn(detail).split(":")[2:3] != ["sqs"]:
        return f"target {_target_arn(detail)!r} is not an SQS queue"
    if detail.get("ActionAfterCompletion") != "DELETE":
        return "ActionAfterCompletion is not DELETE"
    return None


class OneTimeSchedules:
    """Delivers due at() schedules from EventBridge Scheduler to their SQS queues, then deletes them."""

    def __init__(self, scheduler: Any, sqs: Any) -> None:
        self._scheduler = scheduler
        self._sqs = sqs
        self._details: dict[_Key, tuple[Any, dict[str, Any]]] = {}
        self._attempts: dict[_Key, int] = {}
        self._refused: set[_Key] = set()

    def deliver_due(self, now: datetime) -> list[Delivery]:
        """Deliver every enabled at() schedule whose time has come; refuse (once, with an error) what is unsupported."""
        deliveries = []
        seen = set()
        for page in self._scheduler.get_paginator("list_schedules").paginate(State="ENABLED"):
            for summary in page.get("Schedules", []):
                key = (summary.get("GroupName") or "default", summary["Name"])
                seen.add(key)
                delivery = self._step(key, summary.get("LastModificationDate"), now)
                if delivery is not None:
                    deliveries.append(delivery)
        # Forget schedules deleted elsewhere (e.g. the app cancelled an order timeout).
        for stale in set(self._details) - seen:
            self._details.pop(stale, None)
        self._refused &= seen
        return deliveries

    def _step(self, key: _Key, modified: Any, now: datetime) -> Delivery | None:
        if key in self._refused:
            return None
        detail = self._detail(key, modified)
        reason = _unsupported_reason(detail)
        if reason is not None:
            self._refused.add(key)
            log.error("one-time schedule %s/%s not delivered: %s; %s", key[0], key[1], reason, _SUPPORTED)
            return Delivery(key[1], key[0], _target_arn(detail), f"unsupported: {reason}")
        at = parse_at(detail["ScheduleExpression"], detail.get("ScheduleExpressionTimezone"))
        if at is None or at > now:
            return None
        return self._deliver(key, detail)

    def _detail(self, key: _Key, modified: Any) -> dict[str, Any]:
        # ListSchedules omits the expression and input; cache GetSchedule per version to avoid a call per tick.
        cached = self._details.get(key)
        if cached is None or cached[0] != modified:
            detail = self._scheduler.get_schedule(GroupName=key[0], Name=key[1])
            cached = (modified, detail)
            self._details[key] = cached
        return cached[1]

    def _deliver(self, key: _Key, detail: dict[str, Any]) -> Delivery:
        target = detail["Target"]
        delivery = Delivery(key[1], key[0], target["Arn"])
        try:
            url = self._sqs.get_queue_url(QueueName=target["Arn"].split(":")[5])["QueueUrl"]
            self._sqs.send_message(QueueUrl=url, MessageBody=target.get("Input") or "{}")
        except Exception as exc:
            delivery.error = f"{type(exc).__name__}: {exc}"
            attempts = self._attempts[key] = self._attempts.get(key, 0) + 1
            log.exception("one-time schedule %s/%s to %s failed (attempt %d)", key[0], key[1], target["Arn"], attempts)
            if attempts < MAX_DELIVERY_ATTEMPTS:
                return delivery
            log.error("one-time schedule %s/%s given up after %d attempts", key[0], key[1], attempts)
        else:
            log.info("one-time schedule %s/%s delivered to %s", key[0], key[1], target["Arn"])
        self._complete(key)
        return delivery

    def _complete(self, key: _Key) -> None:
        self._attempts.pop(key, None)
        self._details.pop(key, None)
        # The app may have deleted it meanwhile (e.g. an order paid just now); that is fine.
        with contextlib.suppress(self._scheduler.exceptions.ResourceNotFoundException):
            self._scheduler.delete_schedule(GroupName=key[0], Name=key[1])
