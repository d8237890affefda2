"""Behaviour use cases (seed: UserArticleAPIView and the reward callback): read, like, comment, reward, 收藏.

Each write is tried first (one TransactWriteItems) and explained only when refused, so the usual call is one
request; the like toggle reads its state first (one BatchGetItem), since like and unlike are different writes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.core.auth import Principal
from chalicelib.core.errors import AppError, Conflict, NotFound, field_error
from chalicelib.core.stage import deployed
from chalicelib.feed.articles.models import PUBLIC, Article
from chalicelib.feed.recommendations import behaviour_log
from chalicelib.feed.recommendations.behaviour_log import BehaviourLog
from chalicelib.feed.recommendations.models import Kind, Log


def refusal(article: Article | None, log: Log | None, user_id: int, needs_read: bool) -> AppError | None:
    """Why the user may not act on the article: unknown or not public (404), their own (400), not read (400)."""
    if article is None or article.status != PUBLIC:
        return NotFound("article not found")
    if article.author_id == user_id:
        return field_error("article_id", "this is your own article")
    if needs_read and (log is None or not log.read):
        return field_error("article_id", "read the article first")
    return None


def _explain(logs: BehaviourLog, user_id: int, article_id: int, needs_read: bool) -> AppError:
    """The error for a refused write; none of the reasons holding any more means another change won the race."""
    article, log = logs.load(user_id, article_id)
    return refusal(article, log, user_id, needs_read) or Conflict("the article changed meanwhile; try again")


def read(principal: Principal, article_id: int, now: datetime, *, logs: BehaviourLog = behaviour_log) -> dict[str, Any]:
    """Record the user's first read of a public article (counted once); a repeat changes nothing."""
    outcome = logs.read(principal.user_id, article_id, int(now.timestamp()))
    if outcome == "article":
        raise _explain(logs, principal.user_id, article_id, needs_read=False)
    return {"detail": "already read" if outcome == "log" else "read recorded"}


def status(
    principal: Principal, article_id: int, kind: Kind, now: datetime, *, logs: BehaviourLog = behaviour_log
) -> dict[str, Any]:
    """Toggle a like or a 收藏, or record a comment, on an article the user has read."""
    user, now_s = principal.user_id, int(now.timestamp())
    if kind == "is_comment":
        if logs.comment(user, article_id, now_s) != "done":
            raise _explain(logs, user, article_id, needs_read=True)
        return {"detail": "comment recorded"}
    article, log = logs.load(user, article_id)
    refused = refusal(article, log, user, needs_read=True)
    if refused is not None:
        raise refused
    if kind == "is_collect":
        collected = log is not None and log.collected
        if (logs.uncollect(user, article_id) if collected else logs.collect(user, article_id, now_s)) != "done":
            raise _explain(logs, user, article_id, needs_read=True)
        return {"detail": "collect withdrawn" if collected else "collected"}
    liked = log is not None and log.liked
    if (logs.unlike(user, article_id) if liked else logs.like(user, article_id, now_s)) != "done":
        raise _explain(logs, user, article_id, needs_read=True)
    return {"detail": "like withdrawn" if liked else "liked"}


def reward(
    principal: Principal, article_id: int, money: int, now: datetime, *, logs: BehaviourLog = behaviour_log
) -> dict[str, Any]:
    """Local demos' stand-in for a paid reward: record and count it without a payment (404 in a deployed stage,
    where only Alipay's notification counts a reward: payments/service.py)."""
    if deployed():
        raise NotFound("not found")
    if logs.reward(principal.user_id, article_id, money, int(now.timestamp())) != "done":
        raise _explain(logs, principal.user_id, article_id, needs_read=True)
    return {"detail": f"rewarded {money} yuan"}
