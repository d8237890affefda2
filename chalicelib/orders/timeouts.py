"""The unpaid-order timeout: a one-time schedule per UNPAID order, the queue consumer it feeds, and the sweeper.

The schedule sends a TimeoutMessage to the order-timeouts queue at the order's deadline; `handle_batch` cancels
the order if it is still UNPAID; `sweep` is the backstop for schedules that were never created or got lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from chalicelib.core import schedules
from chalicelib.core.batch import consume
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings
from chalicelib.orders.models import Placed, Status, TimeoutMessage
from chalicelib.orders.repository import DYNAMO_ORDERS, Orders

# The schedules' target. Not named QUEUE, which infra/usage.py reads as a queue the function sends to: Scheduler's
# role sends here, the functions that create or delete the schedules never do.
TARGET_QUEUE = "order-timeouts"
SWEEP_LIMIT = 100  # orders per index partition per run; the next run (5 minutes later) takes the rest


def schedule_name(order_id: str) -> str:
    """The schedule of one order."""
    return f"shop-order-{order_id}"


def schedule_cancel(placed: Placed) -> bool:
    """Create the order's cancel schedule when it is UNPAID; False if Scheduler failed (the sweeper cancels it)."""
    if placed.unpaid_until is None:
        return False
    message = TimeoutMessage(user_id=placed.user_id, order_id=placed.order_id)
    return schedules.deliver_at(schedule_name(placed.order_id), placed.unpaid_until, TARGET_QUEUE, message)


def drop_schedule(order_id: str) -> None:
    """Delete an order's schedule once it no longer matters (paid, cancelled); it would fire harmlessly anyway."""
    schedules.cancel(schedule_name(order_id))


def cancel_unpaid(user_id: int, order_id: str, orders: Orders = DYNAMO_ORDERS) -> bool:
    """Cancel the order if it is still UNPAID; True if this call cancelled it.

    Safe to run twice and against a manual cancel or a payment: the transaction's status condition decides.
    """
    try:
        orders.cancel(orders.get(user_id, order_id), allowed=(Status.UNPAID,))
    except (Conflict, NotFound):
        return False
    logger.info("unpaid order cancelled", extra={"order_id": order_id})
    return True


def record_handler(message: TimeoutMessage) -> None:
    """One fired schedule: cancel its order if it is still UNPAID; a paid or already cancelled one is left alone."""
    cancel_unpaid(message.user_id, message.order_id)


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records (a redelivery is harmless)."""
    return consume(event, context, TimeoutMessage, record_handler)


def sweep(now: datetime, orders: Orders = DYNAMO_ORDERS) -> int:
    """Cancel UNPAID orders older than the timeout, found in the sparse index; returns how many this run cancelled."""
    cutoff = now - timedelta(seconds=get_settings().order_unpaid_timeout_seconds)
    overdue = orders.unpaid_before(cutoff, SWEEP_LIMIT)
    cancelled = sum(cancel_unpaid(user_id, order_id, orders) for user_id, order_id in overdue)
    logger.info("unpaid orders swept", extra={"overdue": len(overdue), "cancelled": cancelled})
    return cancelled
