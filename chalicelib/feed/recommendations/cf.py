"""Item-based collaborative filtering (seed: renran's home-feed recommendation), pure: logs in, scores out.

The seed's steps: the reader's logs of the last 90 days name the articles they acted on; every user who acted on
one of those in the last 15 days is related; each related user's logs of the last 90 days add, per article the
reader has not acted on, read x 1 + like x 2 + comment x 5 + reward x 10; highest total first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta

from chalicelib.feed.recommendations.models import Action, Log

READ, LIKE, COMMENT, REWARD = 1, 2, 5, 10  # the seed's CF_READ, CF_LIKE, CF_COMMENT, CF_REWARD
OWN_DAYS = 90  # the seed's "3 * 30 days": the reader's and the related users' logs
RELATED_DAYS = 15  # who counts as related: acted on one of the reader's articles this recently


def since(now: datetime, days: int) -> int:
    """The epoch second a window of `days` ending at `now` starts at (inclusive, as the seed's `>=`)."""
    return int((now - timedelta(days=days)).timestamp())


def weight(log: Log) -> int:
    """What one log adds to its article's score."""
    return READ * log.read + LIKE * log.liked + COMMENT * log.commented + REWARD * log.rewarded


def related_users(me: int, mine: Collection[int], actions: Iterable[Action], since_s: int, cap: int) -> list[int]:
    """Users other than `me` who acted on one of `mine` since `since_s`: the `cap` most recently active ones.

    The seed lists the reader too; their logs only touch articles they acted on, which never score, so leaving
    them out changes nothing.
    """
    latest: dict[int, int] = {}
    for action in actions:
        if action.article_id in mine and action.user_id != me and action.acted_at >= since_s:
            latest[action.user_id] = max(latest.get(action.user_id, 0), action.acted_at)
    return sorted(latest, key=lambda user: (latest[user], user), reverse=True)[:cap]


def scores(mine: Collection[int], theirs: Iterable[Log], since_s: int) -> list[tuple[int, int]]:
    """(article id, score) of articles not in `mine`, summed over logs since `since_s`; best first, ties by id desc."""
    totals: Counter[int] = Counter()
    for log in theirs:
        if log.acted_at >= since_s and log.article_id not in mine:
            totals[log.article_id] += weight(log)
    return sorted(totals.items(), key=lambda pair: (pair[1], pair[0]), reverse=True)


def item_cf(me: int, logs: Collection[Log], now: datetime) -> list[tuple[int, int]]:
    """The seed's whole computation over a complete log table; the service runs the same steps on bounded reads."""
    own_since = since(now, OWN_DAYS)
    mine = {log.article_id for log in logs if log.user_id == me and log.acted_at >= own_since}
    related = set(related_users(me, mine, logs, since(now, RELATED_DAYS), cap=len(logs)))
    return scores(mine, (log for log in logs if log.user_id in related), own_since)
