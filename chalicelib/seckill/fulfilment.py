"""The consumer's side of a flash sale: place an admitted buyer's order with what the message carries.

Kept apart from the request side (service.py) so the consumer function reaches orders and catalogue only:
the buyer's default address is read at admission and travels in the message, not looked up here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import redis

from chalicelib.core.errors import NotFound, OutOfStock
from chalicelib.orders import checkout, timeouts
from chalicelib.orders.checkout import AfterPlaced
from chalicelib.orders.models import PayMethod, Placed
from chalicelib.seckill import gate
from chalicelib.seckill.models import SOLD_OUT, SeckillOrder

NO_ADDRESS = "set a default address first"

PlaceOrder = Callable[[int, int, int, dict[int, int], str | None, datetime], Placed]


def fulfil(
    r: redis.Redis,
    message: SeckillOrder,
    now: datetime,
    place: PlaceOrder = checkout.place_order,
    after: AfterPlaced = timeouts.schedule_cancel,
) -> str:
    """Place an admitted buyer's order (one unit, default address) by checkout's transaction; returns the status.

    Idempotent per task: a finished task is skipped, and the task id is the order's Idempotency-Key, so a
    redelivery after a crash answers the order already placed. The table's stock condition is the last word.
    """
    state = gate.task(r, message.task_id)
    if state.get("status") in ("succeeded", "failed"):
        return state["status"]
    if message.address_id is None:
        gate.release(r, message.sku_id, message.user_id, message.task_id, NO_ADDRESS)
        return "failed"
    key = f"sckill-{message.task_id}"
    try:
        placed = place(message.user_id, message.address_id, PayMethod.ALIPAY, {message.sku_id: 1}, key, now)
    except OutOfStock:
        gate.finish(r, message.task_id, errmsg=SOLD_OUT)
        return "failed"
    except NotFound as exc:  # the address or the SKU is gone: the unit goes back to the sale
        gate.release(r, message.sku_id, message.user_id, message.task_id, exc.message)
        return "failed"
    if placed.created:
        after(placed)
    gate.finish(r, message.task_id, order_id=placed.order_id)
    return "succeeded"
