"""Order use cases after checkout: settlement, reading, cancel, pay, and the unpaid timeout with its sweeper."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import redis

from chalicelib.cart.service import SkuView
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.links import absolute_url
from chalicelib.core.money import money
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings
from chalicelib.orders import ledger, repository
from chalicelib.orders.checkout import FREIGHT, selected_lines
from chalicelib.orders.ledger import UNPAID, UNSEND
from chalicelib.orders.models import OrdersQuery

PATH = "/orders/"
SWEEP_LIMIT = 100  # orders per index partition per run; the next run (5 minutes later) takes the rest


def to_dict(order: repository.OrderModel) -> dict[str, Any]:
    """The contract's order shape, money as two-decimal strings and the time in the business time zone."""
    tz = ZoneInfo(get_settings().business_timezone)
    skus = [
        {
            "sku_id": int(line.sku_id),
            "name": line.name,
            "default_image_url": line.default_image_url,
            "price": money(line.price),
            "count": int(line.count),
            "amount": money(line.price * int(line.count)),
        }
        for line in order.lines
    ]
    return {
        "order_id": order.order_id,
        "create_time": order.create_time.astimezone(tz).isoformat(),
        "status": int(order.status),
        "pay_method": int(order.pay_method),
        "total_count": int(order.total_count),
        "total_amount": money(order.total_amount),
        "freight": money(order.freight),
        "payment_amount": money(order.total_amount + order.freight),
        "address": {"tel": "", "email": "", **order.address.as_dict()},
        "skus": skus,
    }


def settlement(
    r: redis.Redis, user_id: int, skus: Callable[[list[int]], Mapping[int, SkuView]], addresses: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the order page shows before commit: the caller's addresses and the selected cart lines, priced."""
    counts = selected_lines(r, user_id)
    found = skus(list(counts)) if counts else {}
    lines = []
    for sku_id, count in counts.items():
        if sku_id in found:
            sku, price = found[sku_id], Decimal(str(found[sku_id].price))
            lines.append(
                {"id": sku_id, "name": sku.name, "default_image_url": sku.default_image_url, "price": money(price)}
                | {"count": count, "amount": money(price * count)}
            )
    total = sum((Decimal(line["amount"]) for line in lines), Decimal("0"))
    return {
        "addresses": addresses,
        "skus": lines,
        "total_count": sum(line["count"] for line in lines),
        "total_amount": money(total),
        "freight": money(FREIGHT),
        "payment_amount": money(total + FREIGHT),
    }


def detail(user_id: int, order_id: str) -> dict[str, Any]:
    """One of the caller's orders; 404 for anyone else's."""
    return to_dict(repository.get(user_id, order_id))


def page(user_id: int, query: OrdersQuery) -> dict[str, Any]:
    """The caller's orders newest first, DRF-paged: `{count, next, previous, results}`."""
    skip = (query.page - 1) * query.page_size
    count, orders = repository.newest(user_id, skip, query.page_size)
    if query.page > 1 and not orders:
        raise NotFound("invalid page")

    def link(number: int) -> str:
        return f"{absolute_url(PATH)}?{urlencode({'page': number, 'page_size': query.page_size})}"

    return {
        "count": count,
        "next": link(query.page + 1) if skip + query.page_size < count else None,
        "previous": link(query.page - 1) if query.page > 1 else None,
        "results": [to_dict(order) for order in orders],
    }


def cancel(user_id: int, order_id: str, drop_timeout: Callable[[str], Any]) -> dict[str, Any]:
    """Cancel an UNPAID or UNSEND order, giving its stock back; 409 from any other status."""
    order = repository.get(user_id, order_id)
    ledger.cancel(order, allowed=(UNPAID, UNSEND))
    if int(order.status) == UNPAID:
        drop_timeout(order_id)
    return {"order_id": order_id, "status": ledger.CANCELED}


def pay(user_id: int, order_id: str, drop_timeout: Callable[[str], Any]) -> dict[str, Any]:
    """Stand-in for the payment callback: UNPAID → UNSEND; 409 from any other status, 404 if not the caller's."""
    if not ledger.pay(user_id, order_id):
        repository.get(user_id, order_id)
        raise Conflict("the order is not awaiting payment")
    drop_timeout(order_id)
    return {"order_id": order_id, "status": UNSEND}


def cancel_unpaid(user_id: int, order_id: str) -> bool:
    """The timeout: cancel the order if it is still UNPAID; True if this call cancelled it.

    Safe to run twice and against a manual cancel or a payment: the transaction's status condition decides.
    """
    try:
        ledger.cancel(repository.get(user_id, order_id), allowed=(UNPAID,))
    except (Conflict, NotFound):
        return False
    logger.info("unpaid order cancelled", extra={"order_id": order_id})
    return True


def sweep(now: datetime) -> int:
    """Backstop for lost schedules: cancel UNPAID orders older than the timeout, found in the sparse index."""
    cutoff = now - timedelta(seconds=get_settings().order_unpaid_timeout_seconds)
    overdue = repository.unpaid_before(cutoff, SWEEP_LIMIT)
    cancelled = sum(cancel_unpaid(user_id, order_id) for user_id, order_id in overdue)
    logger.info("unpaid orders swept", extra={"overdue": len(overdue), "cancelled": cancelled})
    return cancelled
