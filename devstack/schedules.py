"""Pure parsing of the two schedule expressions the app uses: EventBridge rate() and Scheduler at()."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from chalice.app import Rate, ScheduleExpression

_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$", re.IGNORECASE)
_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def expression_text(expression: str | ScheduleExpression) -> str:
    """The expression as EventBridge would receive it (Chalice Rate/Cron objects rendered to text)."""
    return expression if isinstance(expression, str) else expression.to_string()


def parse_rate(expression: str | ScheduleExpression) -> timedelta | None:
    """The interval of a rate() expression or Chalice Rate, or None if it is not a rate."""
    if isinstance(expression, Rate):
        return timedelta(seconds=expression.value * _UNIT_SECONDS[expression.unit.lower().rstrip("s")])
    match = _RATE.match(expression_text(expression).strip())
    if match is None:
        return None
    value = int(match.group(1))
    if value <= 0:
        raise ValueError(f"rate value must be positive: {expression!r}")
    return timedelta(seconds=value * _UNIT_SECONDS[match.group(2).lower().rstrip("s")])


def parse_at(expression: str, tz_name: str | None = None) -> datetime | None:
    """The UTC instant of a Scheduler at(yyyy-mm-ddThh:mm:ss) in tz_name (default UTC), or None if not at()."""
    match = _AT.match(expression.strip())
    if match is None:
        return None
    local = datetime.fromisoformat(match.group(1)).replace(tzinfo=ZoneInfo(tz_name or "UTC"))
    return local.astimezone(UTC)
