"""One one-time schedule per UNPAID order, delivering its cancel to the order-timeouts queue."""

from __future__ import annotations

from chalicelib.core import schedules
from chalicelib.orders.checkout import Placed
from chalicelib.orders.models import TimeoutMessage

QUEUE = "order-timeouts"


def schedule_name(order_id: str) -> str:
    """The schedule of one order."""
    return f"shop-order-{order_id}"


def drop_schedule(order_id: str) -> None:
    """Delete an order's schedule once it no longer matters (paid, cancelled); it would fire harmlessly anyway."""
    schedules.cancel(schedule_name(order_id))


def schedule_cancel(placed: Placed) -> bool:
    """Create the order's cancel schedule when it is UNPAID; False if Scheduler failed (the sweeper cancels it)."""
    if placed.unpaid_until is None:
        return False
    message = TimeoutMessage(user_id=placed.user_id, order_id=placed.order_id)
    return schedules.deliver_at(schedule_name(placed.order_id), placed.unpaid_until, QUEUE, message)
