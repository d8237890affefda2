"""One-time EventBridge Scheduler schedules that deliver a message to a queue at a moment, then delete themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from chalicelib.core.clients import aws_client
from chalicelib.core.observability import logger
from chalicelib.core.queues import queue_arn
from chalicelib.core.settings import get_settings

# The Lambda policy allows creating the stage's `<TABLE_PREFIX>*` schedules in the default group only.
GROUP = "default"
# Callers name a schedule as the dev stage does (`shop-order-<id>`); see physical_name.
TEMPLATE_PREFIX = "shop-"


def physical_name(name: str) -> str:
    """`name` with the stage's prefix: two stages' schedules never share a name (infra/stage_names.py's rule)."""
    # TABLE_PREFIX is the stage's prefix of every named resource (`shop-` for dev, `shop-prod-` for prod), and the
    # functions' grants name `schedule/default/<prefix>*` to match (infra/policies.py, infra/stage_names.py).
    return get_settings().table_prefix + name.removeprefix(TEMPLATE_PREFIX)


def at_expression(when: datetime) -> str:
    """Scheduler's one-time expression for `when` in UTC, rounded up to the second (never early)."""
    due = when.astimezone(UTC)
    if due.microsecond:
        due = due.replace(microsecond=0) + timedelta(seconds=1)
    return f"at({due:%Y-%m-%dT%H:%M:%S})"


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
                "Arn": queue_arn(queue),
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
