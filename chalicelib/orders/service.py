"""Order use cases after checkout: settlement, reading, cancel and pay, and what payments asks of an order."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import redis

from chalicelib.cart import store  # the cart is Redis only: its store is what the cart context offers to read
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.links import absolute_url, media_url
from chalicelib.core.money import money
from chalicelib.core.settings import get_settings
from chalicelib.core.stage import deployed
from chalicelib.orders import timeouts
from chalicelib.orders.checkout import FREIGHT, CartStore, selected_lines
from chalicelib.orders.models import Order, Status
from chalicelib.orders.repository import DYNAMO_ORDERS, Orders
from chalicelib.orders.requests import OrdersQuery

PATH = "/orders/"
DropTimeout = Callable[[str], Any]


class PricedSku(Protocol):
    """What settlement shows of a SKU (the catalogue's `sku_views` answers it)."""

    @property
    def name(self) -> str: ...

    @property
    def default_image_url(self) -> str: ...

    @property
    def price(self) -> Decimal: ...


def to_dict(order: Order) -> dict[str, Any]:
    """The contract's order shape, money as two-decimal strings and the time in the business time zone."""
    tz = ZoneInfo(get_settings().business_timezone)
    skus = [
        {
            "sku_id": line.sku_id,
            "name": line.name,
            "default_image_url": media_url(line.default_image_url),
            "price": money(line.price),
            "count": line.count,
            "amount": money(line.price * line.count),
        }
        for line in order.lines
    ]
    return {
        "order_id": order.order_id,
        "create_time": order.create_time.astimezone(tz).isoformat(),
        "status": int(order.status),
        "pay_method": order.pay_method,
        "total_count": order.total_count,
        "total_amount": money(order.total_amount),
        "freight": money(order.freight),
        "payment_amount": money(order.total_amount + order.freight),
        "address": {"tel": "", "email": "", **order.address},
        "skus": skus,
    }


def settlement(
    r: redis.Redis,
    user_id: int,
    skus: Callable[[list[int]], Mapping[int, PricedSku]],
    book: Mapping[str, Any],
    cart: CartStore = store,
) -> dict[str, Any]:
    """What the order page shows before commit: the caller's address `book` and the selected cart lines, priced.

    `book` is the address list's answer; its `default_address_id` comes along, as the page pre-selects it (without
    it the order form submits no address), both as the contract's `nowsite` (the meiduo order page's name) and as
    `default_address_id`; null when the caller has no default.
    """
    counts = selected_lines(r, user_id, cart)
    found = skus(list(counts)) if counts else {}
    lines: list[dict[str, Any]] = []
    for sku_id, count in counts.items():
        if sku_id in found:
            sku, price = found[sku_id], Decimal(str(found[sku_id].price))
            lines.append(
                {"id": sku_id, "name": sku.name, "default_image_url": media_url(sku.default_image_url)}
                | {"price": money(price), "count": count, "amount": money(price * count)}
            )
    total = sum((Decimal(line["amount"]) for line in lines), Decimal("0"))
    default_address_id = book.get("default_address_id")
    return {
        "addresses": book["addresses"],
        "nowsite": default_address_id,
        "default_address_id": default_address_id,
        "skus": lines,
        "total_count": sum(line["count"] for line in lines),
        "total_amount": money(total),
        "freight": money(FREIGHT),
        "payment_amount": money(total + FREIGHT),
    }


def detail(user_id: int, order_id: str, orders: Orders = DYNAMO_ORDERS) -> dict[str, Any]:
    """One of the caller's orders; 404 for anyone else's."""
    return to_dict(orders.get(user_id, order_id))


def page(user_id: int, query: OrdersQuery, orders: Orders = DYNAMO_ORDERS) -> dict[str, Any]:
    """The caller's orders newest first, DRF-paged: `{count, next, previous, results}`."""
    skip = (query.page - 1) * query.page_size
    count, found = orders.newest(user_id, skip, query.page_size)
    if query.page > 1 and not found:
        raise NotFound("invalid page")

    def link(number: int) -> str:
        return f"{absolute_url(PATH)}?{urlencode({'page': number, 'page_size': query.page_size})}"

    return {
        "count": count,
        "next": link(query.page + 1) if skip + query.page_size < count else None,
        "previous": link(query.page - 1) if query.page > 1 else None,
        "results": [to_dict(order) for order in found],
    }


def cancel(
    user_id: int, order_id: str, drop_timeout: DropTimeout = timeouts.drop_schedule, orders: Orders = DYNAMO_ORDERS
) -> dict[str, Any]:
    """Cancel an UNPAID or UNSEND order, giving its stock back; 409 from any other status."""
    order = orders.get(user_id, order_id)
    orders.cancel(order, allowed=(Status.UNPAID, Status.UNSEND))
    if order.status == Status.UNPAID:
        drop_timeout(order_id)
    return {"order_id": order_id, "status": int(Status.CANCELED)}


def pay(
    user_id: int, order_id: str, drop_timeout: DropTimeout = timeouts.drop_schedule, orders: Orders = DYNAMO_ORDERS
) -> dict[str, Any]:
    """Local demos' stand-in for Alipay's notification: UNPAID → UNSEND; 409 from any other status, 404 if not the
    caller's. A deployed stage answers 404, as if the route did not exist: there only Alipay's word pays an order."""
    if deployed():
        raise NotFound("not found")
    if not orders.pay(user_id, order_id):
        orders.get(user_id, order_id)
        raise Conflict("the order is not awaiting payment")
    drop_timeout(order_id)
    return {"order_id": order_id, "status": int(Status.UNSEND)}
