"""One-time EventBridge Scheduler schedules that deliver a message to a queue at a moment, then delete themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from chalicelib.core.clients import aws_client
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings

# The Lambda policy allows creating the stage's `shop-<stage>-*` schedules in the default group only.
GROUP = "default"
# Callers name a schedule without its stage (`shop-order-<id>`); see physical_name.
TEMPLATE_PREFIX = "shop-"


def physical_name(name: str) -> str:
    """`name` with the stage in it, dev's too: no stage's grant (`shop-<stage>-*`) covers another's schedules."""
    # Not TABLE_PREFIX: dev keeps the bare `shop-` there (its retained tables), and a dev grant of `shop-*` would
    # let dev's functions create and delete every other stage's schedules. Stage names have no hyphen
    # (infra/stage_names.py), so `shop-<stage>-` prefixes never contain one another.
    return f"{TEMPLATE_PREFIX}{get_settings().stage}-{name.removeprefix(TEMPLATE_PREFIX)}"


def at_expression(when: datetime) -> str:
    """Scheduler's one-time expression for `when` in UTC, rounded up to the second (never early)."""
    due = when.astimezone(UTC)
    if due.microsecond:
        due = due.replace(microsecond=0) + timedelta(seconds=1)
    return f"at({due:%Y-%m-%dT%H:%M:%S})"


def target_arn(queue: str) -> str:
    """The ARN of logical queue `queue`: built from the stack's QUEUE_ARN_PREFIX, else looked up in SQS."""
    settings = get_settings()
    if settings.queue_arn_prefix:
        # No SQS call, so a function that only schedules (checkout) or deletes schedules (payments) builds and
        # primes no SQS client, and a restored copy's first schedule waits on no lookup.
        return settings.queue_arn_prefix + settings.queue(queue)
    from chalicelib.core.queues import queue_arn  # the local stack's and the tests' queues: asked of SQS once

    return queue_arn(queue)


def deliver_at(name: str, when: datetime, queue: str, message: BaseModel) -> bool:
    """Create schedule `name` sending `message` to `queue` at `when`; False (logged) if Scheduler failed.

    Callers keep a sweeper as the backstop, so a failure here must never fail the request that asked.
    """
    try:
        aws_client("scheduler").create_schedule(
            Name=physical_name(name),
            GroupName=GROUP,
            ScheduleExpression=at_expression(when),
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target={
                "Arn": target_arn(queue),
                "RoleArn": get_settings().scheduler_role_arn,
                "Input": message.model_dump_json(),
            },
        )
    except Exception:
        logger.warning("schedule not created; the sweeper will act instead", extra={"schedule": name}, exc_info=True)
        return False
    return True


def cancel(name: str) -> None:
    """Delete schedule `name` if it exists; best effort, since a leftover firing finds nothing left to do."""
    scheduler = aws_client("scheduler")
    try:
        scheduler.delete_schedule(Name=physical_name(name), GroupName=GROUP)
    except scheduler.exceptions.ResourceNotFoundException:
        pass
    except Exception:
        logger.warning("schedule not deleted", extra={"schedule": name}, exc_info=True)
