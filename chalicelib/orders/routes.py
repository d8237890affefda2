"""Order routes (seed paths); every order is read under the caller's own user id."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.addresses.service import list_addresses
from chalicelib.catalogue.repository import sku_views  # the catalogue's one batch read of SKU views, as carts use it
from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.orders import service
from chalicelib.orders.models import OrderId
from chalicelib.orders.requests import OrdersQuery

bp = Blueprint(__name__)
_ORDER = {"order_id": OrderId}
_STATE = {409: "not in a state that allows it"}


@route(bp, "/orders/settlement/", auth="user")
def settlement(user: Principal) -> dict[str, Any]:
    book = list_addresses(user.user_id)
    return {"context": service.settlement(get_redis(), user.user_id, sku_views, book)}


@route(bp, "/orders/", query=OrdersQuery, auth="user")
def list_orders(user: Principal, query: OrdersQuery) -> dict[str, Any]:
    return service.page(user.user_id, query)


@route(bp, "/orders/{order_id}/", params=_ORDER, auth="user")
def order_detail(user: Principal, order_id: str) -> dict[str, Any]:
    return service.detail(user.user_id, order_id)


@route(bp, "/orders/{order_id}/cancel/", ["PUT"], params=_ORDER, auth="user", responses=_STATE)
def cancel_order(user: Principal, order_id: str) -> dict[str, Any]:
    return service.cancel(user.user_id, order_id)


@route(bp, "/orders/{order_id}/pay/", ["PUT"], params=_ORDER, auth="user", responses=_STATE)
def pay_order(user: Principal, order_id: str) -> dict[str, Any]:
    return service.pay(user.user_id, order_id)
