"""Recommendations: the seed's item-based collaborative filtering (cf.py) over bounded reads of the behaviour log.

Requests, whatever the log holds: one Query of the reader's newest MY_LOGS logs of 90 days; one index Query per
those articles (their newest ACTORS_PER_ARTICLE actors of 15 days); one Query per related user (the RELATED_USERS
most recently active, each their newest THEIR_LOGS logs of 90 days); one BatchGetItem checking the best
candidates (the article, the reader's own log of it and, for the home feed, its read mark). At most
1 + 50 + 100 + 1; a reader without logs costs one Query, and no candidate means no BatchGetItem.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from chalicelib.feed.articles.models import PUBLIC
from chalicelib.feed.articles.presenters import feed_item
from chalicelib.feed.recommendations import behaviour_log, cf
from chalicelib.feed.recommendations.behaviour_log import BehaviourLog
from chalicelib.feed.recommendations.models import Scored

MY_LOGS = 50  # the seed's limit per user: the reader's articles considered
ACTORS_PER_ARTICLE = 100
RELATED_USERS = 100
THEIR_LOGS = 50  # the seed's limit per user again
BATCH_KEYS = 100  # one BatchGetItem: the candidates checked are those that fit


def recommend(
    reader: int,
    limit: int,
    now: datetime,
    exclude: Collection[int] = (),
    unshown: bool = False,
    *,
    logs: BehaviourLog = behaviour_log,
) -> list[Scored]:
    """Up to `limit` public articles by score, never the reader's own, read or `exclude`d (nor shown, if `unshown`)."""
    if limit < 1:
        return []
    own_since, related_since = cf.since(now, cf.OWN_DAYS), cf.since(now, cf.RELATED_DAYS)
    mine = [log.article_id for log in logs.recent(reader, own_since, MY_LOGS)]
    actions = [a for article_id in mine for a in logs.actors(article_id, related_since, ACTORS_PER_ARTICLE)]
    related = cf.related_users(reader, set(mine), actions, related_since, RELATED_USERS)
    theirs = [log for user in related for log in logs.recent(user, own_since, THEIR_LOGS)]
    ranked = [(a, s) for a, s in cf.scores(set(mine), theirs, own_since) if a not in exclude]
    # The reader's log above holds their newest reads only: the check below catches any older one.
    top = ranked[: BATCH_KEYS // (3 if unshown else 2)]
    found, logged, shown = logs.check(reader, [a for a, _ in top], marks=unshown)
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
