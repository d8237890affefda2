"""Timed publishing: one EventBridge Scheduler at() schedule per article, and a sweeper as the backstop."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.core.clients import aws_client
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings
from chalicelib.feed import articles_repository as articles
from chalicelib.feed import messages
from chalicelib.feed.messages import PublishMessage

GROUP = "default"
SWEEP_LIMIT = 100  # per run; the sweeper runs every minute


def schedule_name(article_id: int) -> str:
    """The article's schedule (the Lambda policy allows `shop-*` in the default group only)."""
    return f"shop-article-{article_id}"


def at_expression(due: datetime) -> str:
    """Scheduler's one-time expression in UTC; `due` has whole seconds."""
    return f"at({due.astimezone(UTC):%Y-%m-%dT%H:%M:%S})"


def timed_message(article_id: int, author_id: int, due: datetime) -> PublishMessage:
    """What the schedule delivers: publish this article at `due` if it is still timed for then, then push it."""
    return PublishMessage(
        article_id=article_id, author_id=author_id, feed_key=messages.feed_key(due, article_id), timed=True
    )


def put(article_id: int, author_id: int, due: datetime) -> bool:
    """(Re)create the article's schedule; False (logged) if Scheduler failed: the sweeper publishes it then."""
    unschedule(article_id)
    try:
        aws_client("scheduler").create_schedule(
            Name=schedule_name(article_id),
            GroupName=GROUP,
            ScheduleExpression=at_expression(due),
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target={
                "Arn": messages.queue_arn(),
                "RoleArn": get_settings().scheduler_role_arn,
                "Input": timed_message(article_id, author_id, due).model_dump_json(),
            },
        )
    except Exception:
        logger.warning("article not scheduled; the sweeper will publish it", exc_info=True)
        return False
    return True


def unschedule(article_id: int) -> None:
    """Delete the article's schedule if there is one (a leftover firing finds the article not due and stops)."""
    scheduler = aws_client("scheduler")
    try:
        scheduler.delete_schedule(Name=schedule_name(article_id), GroupName=GROUP)
    except scheduler.exceptions.ResourceNotFoundException:
        pass
    except Exception:
        logger.warning("article schedule not deleted", exc_info=True)


def sweep(now: datetime) -> list[int]:
    """Publish every timed article due by `now` from the sparse index (never a Scan); the ids published.

    The message goes first and says "timed": should this run die before publishing, the consumer publishes.
    Whoever comes second (schedule, consumer or another sweep) finds the article public and publishes nothing.
    """
    now_s = int(now.timestamp())
    published = []
    for article_id, due_at in articles.due(now_s, SWEEP_LIMIT):
        article = articles.get(article_id)  # the index is eventually consistent: confirm it is still due
        if article is None or article.status != articles.TIMED or article.due_at != due_at:
            continue
        message = timed_message(article_id, int(article.author_id), datetime.fromtimestamp(due_at, UTC))
        messages.send(message)
        if articles.publish_due(article_id, due_at, message.feed_key, now_s) is not None:
            published.append(article_id)
        unschedule(article_id)  # the message sent above does the schedule's job
    return published
