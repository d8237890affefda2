"""Timed publishing: one EventBridge Scheduler at() schedule per article, and a sweeper as the backstop."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.core import queues, schedules
from chalicelib.feed.articles import repository
from chalicelib.feed.articles.models import TIMED, feed_key
from chalicelib.feed.articles.repository import Articles
from chalicelib.feed.fanout.messages import QUEUE, PublishMessage, Sender

SWEEP_LIMIT = 100  # per run; the sweeper runs every minute


def schedule_name(article_id: int) -> str:
    """The article's schedule."""
    return f"shop-article-{article_id}"


def timed_message(article_id: int, author_id: int, due: datetime) -> PublishMessage:
    """What the schedule delivers: publish this article at `due` if it is still timed for then, then push it."""
    return PublishMessage(article_id=article_id, author_id=author_id, feed_key=feed_key(due, article_id), timed=True)


def put(article_id: int, author_id: int, due: datetime) -> bool:
    """(Re)create the article's schedule; False if Scheduler failed: the sweeper publishes it then."""
    unschedule(article_id)
    return schedules.deliver_at(schedule_name(article_id), due, QUEUE, timed_message(article_id, author_id, due))


def unschedule(article_id: int) -> None:
    """Delete the article's schedule if there is one (a leftover firing finds the article not due and stops)."""
    schedules.cancel(schedule_name(article_id))


def sweep(now: datetime, *, articles: Articles = repository, send: Sender = queues.send) -> list[int]:
    """Publish every timed article due by `now` from the sparse index (never a Scan); the ids published.

    The message goes first and says "timed": should this run die before publishing, the consumer publishes.
    Whoever comes second (schedule, consumer or another sweep) finds the article public and publishes nothing.
    """
    now_s = int(now.timestamp())
    published = []
    for article_id, due_at in articles.due(now_s, SWEEP_LIMIT):
        article = articles.get(article_id)  # the index is eventually consistent: confirm it is still due
        if article is None or article.status != TIMED or article.due_at != due_at:
            continue
        message = timed_message(article_id, article.author_id, datetime.fromtimestamp(due_at, UTC))
        send(QUEUE, message)
        if articles.publish_due(article_id, due_at, message.feed_key, now_s) is not None:
            published.append(article_id)
        unschedule(article_id)  # the message sent above does the schedule's job
    return published
