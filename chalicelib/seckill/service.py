"""Flash-sale use cases on the request side: open a sale, admit a buyer, report a task (fulfilment.py orders)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Protocol

import redis

from chalicelib.catalogue.repository import get_sku
from chalicelib.core.errors import Conflict, NotFound, OutOfStock, ServiceUnavailable
from chalicelib.core.observability import logger
from chalicelib.seckill import gate
from chalicelib.seckill.models import SOLD_OUT, SeckillOrder
from chalicelib.users.repository import get_user


class Stocked(Protocol):
    """What opening a sale reads of a SKU."""

    @property
    def stock(self) -> Any: ...


def default_address(user_id: int) -> int | None:
    """The user's default address id, or None."""
    user = get_user(user_id)
    return int(user.default_address_id) if user and user.default_address_id is not None else None


def open_sale(
    r: redis.Redis, sku_id: int, quantity: int, find_sku: Callable[[int], Stocked | None] = get_sku
) -> dict[str, Any]:
    """Open (or restart) a sale of at most `quantity` units, never more than the SKU's stock."""
    sku = find_sku(sku_id)
    if sku is None:
        raise NotFound("sku not found")
    units = min(quantity, int(sku.stock))
    if units <= 0:
        raise OutOfStock("the sku has no stock")
    gate.open_sale(r, sku_id, units)
    return {"sku_id": sku_id, "quantity": units}


def admit(
    r: redis.Redis,
    user_id: int,
    sku_id: int,
    publish: Callable[[SeckillOrder], None],
    address_of: Callable[[int], int | None] = default_address,
) -> str:
    """Admit a buyer in one Redis round trip, then queue the order with their default address; returns the task id.

    The address is read here, after admission (so refused buyers cost no read), and carried in the message: the
    consumer then needs no access to the users table.
    """
    task_id = uuid.uuid4().hex
    outcome = gate.admit(r, sku_id, user_id, task_id)
    if outcome == gate.Admission.ALREADY_IN:
        raise Conflict("one per user per sale")
    if outcome == gate.Admission.SOLD_OUT:
        raise OutOfStock(SOLD_OUT)
    if outcome == gate.Admission.NO_SALE:
        raise NotFound("no flash sale for this sku")
    try:
        address_id = address_of(user_id)
        publish(SeckillOrder(task_id=task_id, user_id=user_id, sku_id=sku_id, address_id=address_id))
    except Exception:
        logger.warning("flash-sale order not queued; admission undone", exc_info=True)
        gate.release(r, sku_id, user_id, task_id, "not queued, please try again")
        raise ServiceUnavailable() from None
    return task_id


def task_status(r: redis.Redis, user_id: int, task_id: str) -> dict[str, Any]:
    """The caller's task: queued, succeeded (with order_id) or failed (with errmsg); 404 for anyone else's."""
    state = gate.task(r, task_id)
    if not state or state.get("user_id") != str(user_id):
        raise NotFound("task not found")
    answer: dict[str, Any] = {"task_id": task_id, "status": state["status"], "errmsg": state.get("errmsg", "")}
    if state.get("order_id"):
        answer["order_id"] = state["order_id"]
    return answer
