"""Recommendations at the limits: a read from the neighbourhoods beside the read-time computation it replaced,
and what one behaviour event costs the stream consumer that keeps the neighbourhoods."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

from bench.measure import measure
from bench.shop_budgets import row
from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.settings import get_settings
from chalicelib.feed.recommendations import behaviour_log, candidates, cf, neighbours, precompute, service

BASE = 900_000_000  # user and article ids far from the demo's and the other rows'
RELATED, MINE, THEIRS = 100, 50, 50


def _log(user: int, article: int, at: int) -> raw.Raw:
    return {"user_id": raw.num(user), "article_id": raw.num(article), "acted_at": raw.num(at), "read_at": raw.num(at)}


def _history(at: int) -> int:
    """The reader's 50 logs; 100 users on one of them each, with 49 more logs; the reader's id."""
    reader, table = BASE, get_settings().table("feed-logs")
    items = [_log(reader, BASE + a, at - a) for a in range(MINE)]
    for u in range(1, RELATED + 1):
        items.append(_log(BASE + u, BASE + u % MINE, at - u))
        items += [_log(BASE + u, BASE + 1_000 + u * THEIRS + i, at - u - i - 1) for i in range(THEIRS - 1)]
    raw.batch_write([(table, item) for item in items])
    return reader


def _read_time(reader: int, now: datetime) -> list[tuple[int, int]]:
    """The former read-time computation: 1 Query, 1 index Query per article, 1 Query per related user, 1 check."""
    own_since, related_since = cf.since(now, cf.OWN_DAYS), cf.since(now, cf.RELATED_DAYS)
    mine = [log.article_id for log in behaviour_log.recent(reader, own_since, service.MY_LOGS)]
    actions = [a for m in mine for a in behaviour_log.actors(m, related_since, service.ACTORS_PER_ARTICLE)]
    related = cf.related_users(reader, set(mine), actions, related_since, service.RELATED_USERS)
    theirs = [log for user in related for log in behaviour_log.recent(user, own_since, service.THEIR_LOGS)]
    ranked = cf.scores(set(mine), theirs, own_since)
    candidates.check(reader, [a for a, _ in ranked[: service.BATCH_KEYS // 2]], marks=False)
    return ranked


def run() -> list[dict[str, Any]]:
    """The read at the limits (project: neighbourhoods; baseline: read-time) and one event's refresh."""
    now = datetime.now(UTC)
    reader = _history(int(now.timestamp()))
    refresh_costs = [measure(partial(precompute.refresh, BASE + u))[0] for u in range(RELATED + 1)]
    before, expected = measure(lambda: _read_time(reader, now))
    after, found = measure(lambda: service.recommend(reader, 50, now))
    mine = [log.article_id for log in behaviour_log.recent(reader, cf.since(now, cf.OWN_DAYS), service.MY_LOGS)]
    assert service.rank(reader, mine, neighbours.fetch(mine), now) == expected
    event = refresh_costs[1]
    return [
        row(
            "recommendations read, full history",
            after,
            before,
            note=f"{MINE} own logs, {RELATED} related users x {THEIRS} logs; same ranking as the read-time "
            f"computation (baseline, {before.requests} requests); {len(found)} found",
        ),
        row(
            "recommendations, one behaviour event",
            event,
            note="stream consumer: one Query of the actor's logs, one UpdateItem per article of their last 15 "
            "days (here all 50), plus 2 idempotency writes per record",
        ),
    ]
