"""The app's @app.schedule handlers (rate() only, as the app declares them), fired in-process when they come due."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalice.app import ScheduledEventConfig

from devstack.events import scheduled_event
from devstack.schedules import expression_text, parse_rate

log = logging.getLogger("devstack.pump")

# Calls the app's handler of that name with a raw Lambda event (the pump supplies the context).
Invoker = Callable[[str, Any], Any]


class UnsupportedEventSource(ValueError):
    """The app declares a handler kind the local stack does not run; it says which and what is supported."""


@dataclass
class FiredSchedule:
    """One recurring schedule that fired: its handler name, the event it got, and the error if it raised."""

    name: str
    event: dict[str, Any]
    error: str | None = None


@dataclass
class _Recurring:
    name: str
    interval: timedelta
    next_due: datetime


def _interval(config: ScheduledEventConfig, rate_scale: float, overrides: Mapping[str, float]) -> timedelta:
    expression = config.schedule_expression
    try:
        rate = parse_rate(expression)
    except ValueError as exc:
        raise UnsupportedEventSource(f"schedule {config.name}: {exc}") from exc
    if rate is None:
        raise UnsupportedEventSource(
            f"schedule {config.name} uses {expression_text(expression)!r}: the local stack fires rate() schedules only"
        )
    if config.name in overrides:
        return timedelta(seconds=overrides[config.name])
    return rate * rate_scale


class RecurringSchedules:
    """The app's @app.schedule handlers, each fired when its rate comes due."""

    def __init__(
        self,
        configs: list[ScheduledEventConfig],
        invoke: Invoker,
        rule_arn: Callable[[str], str],
        region: str,
        account: str,
        start: datetime,
        rate_scale: float = 1.0,
        rate_overrides: Mapping[str, float] | None = None,
    ) -> None:
        self._invoke = invoke
        self._rule_arn = rule_arn
        self._region = region
        self._account = account
        self.entries: list[_Recurring] = []
        for config in configs:
            interval = _interval(config, rate_scale, rate_overrides or {})
            # A new rate rule first fires one interval after it is created.
            self.entries.append(_Recurring(config.name, interval, start + interval))
            log.info("schedule %s: every %s", config.name, interval)

    def fire_due(self, now: datetime) -> list[FiredSchedule]:
        """Fire every schedule due at `now` (at most once each; missed periods are not caught up, as in EventBridge)."""
        fired = []
        for entry in self.entries:
            if now < entry.next_due:
                continue
            due = entry.next_due
            while entry.next_due <= now:
                entry.next_due += entry.interval
            fired.append(self._fire(entry.name, due))
        return fired

    def _fire(self, name: str, when: datetime) -> FiredSchedule:
        event = scheduled_event(self._rule_arn(name), self._region, self._account, when)
        try:
            self._invoke(name, event)
        except Exception as exc:
            log.exception("schedule %s raised", name)
            return FiredSchedule(name, event, f"{type(exc).__name__}: {exc}")
        log.info("schedule %s fired at %s", name, event["time"])
        return FiredSchedule(name, event)
