"""Pure parsing of EventBridge schedule expressions: rate(), a 6-field cron() matcher, and Scheduler at()."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from chalice.app import Rate, ScheduleExpression

_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$", re.IGNORECASE)
_CRON = re.compile(r"^cron\((.*)\)$", re.IGNORECASE)
_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
# AWS numbers days of the week 1-7 starting on Sunday.
_DAYS = {d: i + 1 for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])}


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


def _field_values(text: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    """The set of values one cron field allows: '*', numbers or names, lists, ranges and '/' steps."""
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step <= 0:
            raise ValueError(f"bad step in cron field {text!r}")
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, last = base.split("-", 1)
            start, end = _atom(first, names), _atom(last, names)
        else:
            start = _atom(base, names)
            # "5/15" means from 5 to the end of the range every 15; a bare "5" is just 5.
            end = high if step_text else start
        if not (low <= start <= end <= high):
            raise ValueError(f"cron field {text!r} is outside {low}-{high} or a reversed range")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _atom(text: str, names: dict[str, int] | None) -> int:
    if names and text.upper() in names:
        return names[text.upper()]
    if not text.isdigit():
        # L, W and # (last day, nearest weekday, nth weekday) are not supported by this matcher.
        raise ValueError(f"unsupported cron value {text!r}")
    return int(text)


@dataclass(frozen=True)
class CronSchedule:
    """An AWS 6-field cron (minutes hours day-of-month month day-of-week year), evaluated in UTC like EventBridge."""

    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int] | None  # None for '?'
    months: frozenset[int]
    days_of_week: frozenset[int] | None  # None for '?'
    years: frozenset[int]

    @classmethod
    def parse(cls, expression: str | ScheduleExpression) -> CronSchedule:
        """Parse "cron(...)" text or a Chalice Cron object; raises ValueError for anything unsupported."""
        text = expression_text(expression).strip()
        match = _CRON.match(text)
        if match is None:
            raise ValueError(f"not a cron expression: {text!r}")
        fields = match.group(1).split()
        if len(fields) != 6:
            raise ValueError(f"cron needs 6 fields, got {len(fields)}: {text!r}")
        minute, hour, dom, month, dow, year = fields
        # EventBridge rejects expressions that constrain both day fields; so do we, before a deploy finds out.
        if (dom == "?") == (dow == "?"):
            raise ValueError(f"exactly one of day-of-month and day-of-week must be '?': {text!r}")
        return cls(
            minutes=_field_values(minute, 0, 59),
            hours=_field_values(hour, 0, 23),
            days_of_month=None if dom == "?" else _field_values(dom, 1, 31),
            months=_field_values(month, 1, 12, _MONTHS),
            days_of_week=None if dow == "?" else _field_values(dow, 1, 7, _DAYS),
            years=_field_values(year, 1970, 2199),
        )

    def matches(self, when: datetime) -> bool:
        """True if the schedule fires in the minute containing `when` (naive datetimes are taken as UTC)."""
        utc = when.astimezone(UTC) if when.tzinfo else when
        aws_weekday = (utc.weekday() + 1) % 7 + 1  # Python: Monday=0; AWS: Sunday=1
        return (
            utc.minute in self.minutes
            and utc.hour in self.hours
            and utc.month in self.months
            and utc.year in self.years
            and (self.days_of_month is None or utc.day in self.days_of_month)
            and (self.days_of_week is None or aws_weekday in self.days_of_week)
        )


def parse_at(expression: str, tz_name: str | None = None) -> datetime | None:
    """The UTC instant of a Scheduler at(yyyy-mm-ddThh:mm:ss) in tz_name (default UTC), or None if not at()."""
    match = _AT.match(expression.strip())
    if match is None:
        return None
    local = datetime.fromisoformat(match.group(1)).replace(tzinfo=ZoneInfo(tz_name or "UTC"))
    return local.astimezone(UTC)
