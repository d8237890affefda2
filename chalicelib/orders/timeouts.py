"""One EventBridge Scheduler at() schedule per UNPAID order, delivering its cancel to the order-timeouts queue."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import cache

from chalicelib.core.clients import aws_client
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings
from chalicelib.orders.checkout import Placed

QUEUE = "order-timeouts"
GROUP = "default"


def schedule_name(order_id: str) -> str:
    """The schedule of one order (the Lambda policy allows creating `shop-*` in the default group only)."""
    return f"shop-order-{order_id}"


def at_expression(when: datetime) -> str:
    """Scheduler's one-time expression for `when` in UTC, rounded up to the second (never early)."""
    due = when.astimezone(UTC)
    if due.microsecond:
        due = due.replace(microsecond=0) + timedelta(seconds=1)
    return f"at({due:%Y-%m-%dT%H:%M:%S})"


@cache
def queue_arn(logical_name: str) -> str:
    """A queue's ARN, looked up once per process (Scheduler targets need the ARN, SQS gives the URL)."""
    sqs = aws_client("sqs")
    url = sqs.get_queue_url(QueueName=get_settings().queue(logical_name))["QueueUrl"]
    return str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])


def drop_schedule(order_id: str) -> None:
    """Delete an order's schedule once it no longer matters (paid, cancelled); best effort, it would fire harmlessly."""
    scheduler = aws_client("scheduler")
    try:
        scheduler.delete_schedule(Name=schedule_name(order_id), GroupName=GROUP)
    except scheduler.exceptions.ResourceNotFoundException:
        pass
    except Exception:
        logger.warning("order timeout schedule not deleted", exc_info=True)


def schedule_cancel(placed: Placed) -> bool:
    """Create the order's one-time cancel schedule when it is UNPAID; False (logged) if Scheduler failed.

    A failure must not fail a checkout that has already committed: the sweeper cancels the order later.
    """
    if placed.unpaid_until is None:
        return False
    settings = get_settings()
    try:
        aws_client("scheduler").create_schedule(
            Name=schedule_name(placed.order_id),
            GroupName=GROUP,
            ScheduleExpression=at_expression(placed.unpaid_until),
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target={
                "Arn": queue_arn(QUEUE),
                "RoleArn": settings.scheduler_role_arn,
                "Input": json.dumps({"user_id": placed.user_id, "order_id": placed.order_id}),
            },
        )
    except Exception:
        logger.warning("order timeout not scheduled; the sweeper will cancel it", exc_info=True)
        return False
    return True
