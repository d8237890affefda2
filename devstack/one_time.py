"""EventBridge Scheduler one-time at() schedules, delivered to SQS queues or in-process Lambda handlers."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from devstack.recurring import Invoker
from devstack.schedules import parse_at

log = logging.getLogger("devstack.pump")

MAX_DELIVERY_ATTEMPTS = 3  # an async Lambda invoke is tried three times before it is given up


@dataclass
class Delivery:
    """One one-time schedule delivered (or attempted) to its target."""

    name: str
    group: str
    target_arn: str
    error: str | None = None


class OneTimeSchedules:
    """Delivers due at() schedules from EventBridge Scheduler to SQS queues or in-process Lambda handlers."""

    def __init__(self, scheduler: Any, sqs: Any, invoke: Invoker, handler_names: list[str]) -> None:
        self._scheduler = scheduler
        self._sqs = sqs
        self._invoke = invoke
        # Longest first, so "shop-dev-order_cancel" matches "order_cancel" before a shorter name ending the same way.
        self._names = sorted(handler_names, key=len, reverse=True)
        self._details: dict[tuple[str, str], tuple[Any, dict[str, Any]]] = {}
        self._attempts: dict[tuple[str, str], int] = {}
        self._kept: set[tuple[str, str]] = set()

    def deliver_due(self, now: datetime) -> list[Delivery]:
        """Deliver every enabled at() schedule whose time has come, then delete it (ActionAfterCompletion=DELETE)."""
        deliveries = []
        seen = set()
        for page in self._scheduler.get_paginator("list_schedules").paginate(State="ENABLED"):
            for summary in page.get("Schedules", []):
                key = (summary.get("GroupName") or "default", summary["Name"])
                seen.add(key)
                if key in self._kept:
                    continue
                detail = self._detail(key, summary.get("LastModificationDate"))
                at = parse_at(detail.get("ScheduleExpression", ""), detail.get("ScheduleExpressionTimezone"))
                if at is not None and at <= now:
                    deliveries.append(self._deliver(key, detail))
        # Forget schedules deleted elsewhere (e.g. the app cancelled an order timeout).
        for stale in set(self._details) - seen:
            self._details.pop(stale, None)
        return deliveries

    def _detail(self, key: tuple[str, str], modified: Any) -> dict[str, Any]:
        # ListSchedules omits the expression and input; cache GetSchedule per version to avoid a call per tick.
        cached = self._details.get(key)
        if cached is None or cached[0] != modified:
            detail = self._scheduler.get_schedule(GroupName=key[0], Name=key[1])
            cached = (modified, detail)
            self._details[key] = cached
        return cached[1]

    def _deliver(self, key: tuple[str, str], detail: dict[str, Any]) -> Delivery:
        target = detail.get("Target", {})
        arn = str(target.get("Arn", ""))
        delivery = Delivery(key[1], key[0], arn)
        try:
            self._send(arn, target)
        except Exception as exc:
            delivery.error = f"{type(exc).__name__}: {exc}"
            attempts = self._attempts[key] = self._attempts.get(key, 0) + 1
            log.exception("one-time schedule %s/%s to %s failed (attempt %d)", key[0], key[1], arn, attempts)
            if attempts < MAX_DELIVERY_ATTEMPTS:
                return delivery
            log.error("one-time schedule %s/%s given up after %d attempts", key[0], key[1], attempts)
        else:
            log.info("one-time schedule %s/%s delivered to %s", key[0], key[1], arn)
        self._complete(key, detail)
        return delivery

    def _send(self, arn: str, target: Mapping[str, Any]) -> None:
        parts = arn.split(":")
        payload = target.get("Input") or "{}"
        if len(parts) >= 6 and parts[2] == "sqs":
            url = self._sqs.get_queue_url(QueueName=parts[5])["QueueUrl"]
            extra = {}
            if group := target.get("SqsParameters", {}).get("MessageGroupId"):
                extra["MessageGroupId"] = group
            self._sqs.send_message(QueueUrl=url, MessageBody=payload, **extra)
            return
        if len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function":
            function = parts[6]
            for name in self._names:
                if function == name or function.endswith(f"-{name}"):
                    self._invoke(name, json.loads(payload))
                    return
            raise LookupError(f"no handler of the app matches Lambda function {function!r}")
        raise ValueError(f"unsupported target {arn!r} (only SQS queues and the app's Lambda functions)")

    def _complete(self, key: tuple[str, str], detail: Mapping[str, Any]) -> None:
        self._attempts.pop(key, None)
        self._details.pop(key, None)
        if detail.get("ActionAfterCompletion") == "NONE":
            # The schedule stays in Scheduler but an at() fires only once.
            self._kept.add(key)
            return
        # The app may have deleted it meanwhile (e.g. an order paid just now); that is fine.
        with contextlib.suppress(self._scheduler.exceptions.ResourceNotFoundException):
            self._scheduler.delete_schedule(GroupName=key[0], Name=key[1])
