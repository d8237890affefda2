"""The read-time computation recommendations used before the neighbourhoods, kept as the oracle they must match,
and in-memory stand-ins for the behaviour log and the neighbourhoods table with the same read orders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from chalicelib.feed.recommendations import cf, neighbours, service
from chalicelib.feed.recommendations.models import Action, Log
from chalicelib.feed.recommendations.neighbours import Neighbour


def _newest_first(logs: Iterable[Log]) -> list[Log]:
    return sorted(logs, key=lambda log: log.acted_at, reverse=True)


class MemoryLog:
    """The behaviour log's reads over a dict of logs keyed by (user, article)."""

    def __init__(self) -> None:
        self.logs: dict[tuple[int, int], Log] = {}

    def write(self, log: Log) -> None:
        """Record a log's new state, as a behaviour write does."""
        self.logs[(log.user_id, log.article_id)] = log

    def recent(self, user_id: int, since_s: int, limit: int) -> list[Log]:
        """The `recent` index Query: the user's newest `limit` logs since `since_s`."""
        return _newest_first(v for (u, _), v in self.logs.items() if u == user_id and v.acted_at >= since_s)[:limit]

    def actors(self, article_id: int, since_s: int, limit: int) -> list[Action]:
        """The `by-article` index Query: the newest `limit` actors since `since_s`."""
        found = _newest_first(v for (_, a), v in self.logs.items() if a == article_id and v.acted_at >= since_s)
        return [Action(v.user_id, v.article_id, v.acted_at) for v in found[:limit]]

    def newest(self, user_id: int, keep: int, span_s: int) -> list[Log]:
        """behaviour_log.newest: the `keep` newest and any more within `span_s` of the latest."""
        found = self.recent(user_id, 0, len(self.logs))
        return [log for i, log in enumerate(found) if i < keep or log.acted_at >= found[0].acted_at - span_s]


class MemoryNeighbourhoods:
    """The neighbourhoods table: one entry per (article, actor), trimmed by neighbours.py's rule."""

    def __init__(self) -> None:
        self.items: dict[int, dict[int, Neighbour]] = {}

    def put(self, article_id: int, user_id: int, acted_at: int, profile: Iterable[Log]) -> None:
        """Set the actor's entry and trim past TRIM_AT, as neighbours.put does."""
        item = self.items.setdefault(article_id, {})
        item[user_id] = Neighbour(user_id, acted_at, tuple(profile))
        if len(item) > neighbours.TRIM_AT:
            for old in neighbours.beyond_keep(item.values()):
                del item[old.user_id]

    def fetch(self, article_ids: Iterable[int]) -> dict[int, list[Neighbour]]:
        """The articles' neighbourhoods, as neighbours.fetch answers."""
        return {a: list(self.items[a].values()) for a in article_ids if a in self.items}


def ranked_at_read_time(reader: int, now: datetime, logs: MemoryLog) -> list[tuple[int, int]]:
    """The former service.recommend's ranking: 1 + |mine| + |related| Queries of the behaviour log, then cf.py."""
    own_since, related_since = cf.since(now, cf.OWN_DAYS), cf.since(now, cf.RELATED_DAYS)
    mine = [log.article_id for log in logs.recent(reader, own_since, service.MY_LOGS)]
    actions = [a for article in mine for a in logs.actors(article, related_since, service.ACTORS_PER_ARTICLE)]
    related = cf.related_users(reader, set(mine), actions, related_since, service.RELATED_USERS)
    theirs = [log for user in related for log in logs.recent(user, own_since, service.THEIR_LOGS)]
    return cf.scores(set(mine), theirs, own_since)
