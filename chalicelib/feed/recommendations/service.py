"""Recommendations: the seed's item-based collaborative filtering (cf.py), read from precomputed neighbourhoods.

The computation is the seed's with its bounds: the reader's newest MY_LOGS logs of 90 days name their articles;
each article's newest ACTORS_PER_ARTICLE actors of 15 days, the RELATED_USERS most recently active of them
related; each related user's newest THEIR_LOGS logs of 90 days scored. The behaviour log's stream keeps, per
article, its newest actors with a copy of each one's newest logs (neighbours.py, written by precompute.py), so
the whole of it is three requests whatever the history: one Query of the reader's logs, one BatchGetItem of
those articles' neighbourhoods, one BatchGetItem checking the best candidates (the article, the reader's own
log of it and, for the home feed, its read mark). A reader without logs costs one Query; no candidate, no check.
The windows are applied here, at the reader's clock: the stored data is the newest of everything, and the
newest N of a window is the window's part of the newest N. A new behaviour shows once its record is applied.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol

from chalicelib.feed.articles.models import PUBLIC
from chalicelib.feed.articles.presenters import feed_item
from chalicelib.feed.recommendations import behaviour_log, candidates, cf, neighbours
from chalicelib.feed.recommendations.behaviour_log import BehaviourLog
from chalicelib.feed.recommendations.models import Action, Log, Scored
from chalicelib.feed.recommendations.neighbours import Neighbour

MY_LOGS = 50  # the seed's limit per user: the reader's articles considered
ACTORS_PER_ARTICLE = 100
RELATED_USERS = 100
THEIR_LOGS = 50  # the seed's limit per user again
BATCH_KEYS = 100  # one BatchGetItem: the candidates checked are those that fit


class Neighbourhoods(Protocol):
    """Where the articles' neighbourhoods are read."""

    def fetch(self, article_ids: Iterable[int]) -> dict[int, list[Neighbour]]: ...


def rank(reader: int, mine: list[int], hoods: Mapping[int, list[Neighbour]], now: datetime) -> list[tuple[int, int]]:
    """(article id, score) for the reader whose newest logs are on `mine`, best first: cf.py over the neighbourhoods."""
    own_since, related_since = cf.since(now, cf.OWN_DAYS), cf.since(now, cf.RELATED_DAYS)
    actions: list[Action] = []
    profiles: dict[int, tuple[Log, ...]] = {}
    for article_id in mine:
        live = [n for n in hoods.get(article_id, []) if n.acted_at >= related_since]
        live.sort(key=lambda n: (n.acted_at, n.user_id), reverse=True)
        for n in live[:ACTORS_PER_ARTICLE]:
            actions.append(Action(n.user_id, article_id, n.acted_at))
            profiles[n.user_id] = n.profile  # every live copy of an actor's profile is the same
    related = cf.related_users(reader, set(mine), actions, related_since, RELATED_USERS)
    theirs = [log for user in related for log in [p for p in profiles[user] if p.acted_at >= own_since][:THEIR_LOGS]]
    return cf.scores(set(mine), theirs, own_since)


def recommend(
    reader: int,
    limit: int,
    now: datetime,
    exclude: Collection[int] = (),
    unshown: bool = False,
    *,
    logs: BehaviourLog = behaviour_log,
    hoods: Neighbourhoods = neighbours,
) -> list[Scored]:
    """Up to `limit` public articles by score, never the reader's own, read or `exclude`d (nor shown, if `unshown`)."""
    if limit < 1:
        return []
    mine = [log.article_id for log in logs.recent(reader, cf.since(now, cf.OWN_DAYS), MY_LOGS)]
    found_hoods = hoods.fetch(mine) if mine else {}
    ranked = [(a, s) for a, s in rank(reader, mine, found_hoods, now) if a not in exclude]
    # The reader's log above holds their newest reads only: the check below catches any older one.
    top = ranked[: BATCH_KEYS // (3 if unshown else 2)]
    found, logged, shown = candidates.check(reader, [a for a, _ in top], marks=unshown)
    results = []
    for article_id, score in top:
        article = found.get(article_id)
        if article is None or article.status != PUBLIC or article.author_id == reader:
            continue
        if article_id not in logged and article_id not in shown:
            results.append(Scored(article, score))
    return results[:limit]


def page(reader: int, size: int, now: datetime, *, logs: BehaviourLog = behaviour_log) -> dict[str, Any]:
    """GET /recommendations/: `{results: [{article, score}]}`, best first."""
    found = recommend(reader, size, now, logs=logs)
    return {"results": [{"article": feed_item(s.article, "recommend"), "score": s.score} for s in found]}
