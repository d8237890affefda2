"""Visit counting per third-level category and business day, and the staff's day report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import redis

from chalicelib.catalogue import categories, visits_repository
from chalicelib.core.errors import NotFound


class VisitCounters(Protocol):
    """The per-day visit counters (the DynamoDB ones are `visits_repository`)."""

    def add_visit(self, category_id: int, day: str, shards: int = 1) -> None: ...
    def day_counts(self, day: str, shards: int = 1) -> dict[int, int]: ...


def business_day(timezone: str, now: datetime | None = None) -> date:
    """Today in the business time zone (a visit at 00:30 in Shanghai counts for the Shanghai date)."""
    zone = ZoneInfo(timezone)
    return (now or datetime.now(zone)).astimezone(zone).date()


def record_visit(
    r: redis.Redis, category_id: int, today: date, shards: int, counters: VisitCounters = visits_repository
) -> None:
    """Count one visit; 404 unless the id is a third-level category.

    The existence check reads the category tree cached in Redis, not DynamoDB, so a visit costs exactly
    one DynamoDB request (the UpdateItem). Only while Redis is down does the check cost one GetItem more,
    and a cold cache (after a catalogue write) is filled once from the table.
    """
    node = categories.node(r, category_id)
    if node is None or node["level"] != 3:
        raise NotFound("category not found")
    counters.add_visit(category_id, today.isoformat(), shards)


def day_views(r: redis.Redis, day: date, shards: int, counters: VisitCounters = visits_repository) -> dict[str, Any]:
    """Every visited category's count on a day, highest first, with the category's name."""
    counts = counters.day_counts(day.isoformat(), shards)
    nodes = categories.tree(r)["nodes"] if counts else {}
    results = [
        {"category_id": category_id, "category": nodes.get(str(category_id), {}).get("name", ""), "count": count}
        for category_id, count in counts.items()
    ]
    results.sort(key=lambda row: (-row["count"], row["category_id"]))
    return {"date": day.isoformat(), "results": results}
