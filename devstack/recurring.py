"""The app's @app.schedule handlers (rate and cron), fired in-process when they come due."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from chalice.app import ScheduledEventConfig

from devstack.events import scheduled_event
from devstack.schedules import CronSchedule, expression_text, parse_rate

log = logging.getLogger("devstack.pump")

# Calls the app's handler of that name with a raw Lambda event (the pump supplies the context).
Invoker = Callable[[str, Any], Any]


@dataclass
class FiredSchedule:
    """One recurring schedule that fired: its handler name, the event it got, and the error if it raised."""

    name: str
    event: dict[str, Any]
    error: str | None = None


@dataclass
class _Recurring:
    name: str
    interval: timedelta | None
    cron: CronSchedule | None
    next_due: datetime
    last_minute: datetime = field(default_factory=lambda: datetime.min.replace(tzinfo=UTC))


def _minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0)


class RecurringSchedules:
    """The app's @app.schedule handlers, fired when their rate or cron comes due."""

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
        overrides = rate_overrides or {}
        for config in configs:
            expression = config.schedule_expression
            try:
                if config.name in overrides:
                    interval, cron = timedelta(seconds=overrides[config.name]), None
                elif (rate := parse_rate(expression)) is not None:
                    interval, cron = rate * rate_scale, None
                else:
                    interval, cron = None, CronSchedule.parse(expression)
            except ValueError as exc:
                log.warning("schedule %s (%s) will not fire locally: %s", config.name, expression_text(expression), exc)
                continue
            # A new rate rule first fires one interval after it is created; a cron rule at its next matching minute.
            self.entries.append(
                _Recurring(config.name, interval, cron, start + (interval or timedelta()), last_minute=_minute(start))
            )
            log.info("schedule %s: %s", config.name, f"every {interval}" if interval else expression_text(expression))

    def fire_due(self, now: datetime) -> list[FiredSchedule]:
        """Fire every schedule due at `now` (at most once each; missed periods are not caught up, as in EventBridge)."""
        fired = []
        for entry in self.entries:
            when = self._due_time(entry, now)
            if when is not None:
                fired.append(self._fire(entry.name, when))
        return fired

    def _due_time(self, entry: _Recurring, now: datetime) -> datetime | None:
        if entry.interval is not None:
            if now < entry.next_due:
                return None
            due = entry.next_due
            while entry.next_due <= now:
                entry.next_due += entry.interval
            return due
        assert entry.cron is not None
        # Check every minute since the last look, so a slow tick does not skip a matching minute; a day at most.
        current, minute, hit = _minute(now), max(entry.last_minute, _minute(now) - timedelta(days=1)), None
        while minute < current:
            minute += timedelta(minutes=1)
            if entry.cron.matches(minute):
                hit = minute
        entry.last_minute = current
        return hit

    def _fire(self, name: str, when: datetime) -> FiredSchedule:
        event = scheduled_event(self._rule_arn(name), self._region, self._account, when)
        try:
            self._invoke(name, event)
        except Exception as exc:
            log.exception("schedule %s raised", name)
            return FiredSchedule(name, event, f"{type(exc).__name__}: {exc}")
        log.info("schedule %s fired at %s", name, event["time"])
        return FiredSchedule(name, event)
