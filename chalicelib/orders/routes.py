"""Order routes (seed paths); every order is read under the caller's own user id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint

from chalicelib.addresses.service import list_addresses
from chalicelib.catalogue.repository import sku_views
from chalicelib.core.auth import require_user
from chalicelib.core.clients import get_redis
from chalicelib.core.http import parse_body, parse_query, route
from chalicelib.orders import checkout, service, timeouts
from chalicelib.orders.models import CommitRequest, OrderId, OrdersQuery, idempotency_key, parse_order_id

bp = Blueprint(__name__)
_ORDER = {"order_id": OrderId}
_COMMIT = {404: "address or SKU not found", 409: "stock insufficient or cart empty"}
_STATE = {409: "not in a state that allows it"}


@route(bp, "/orders/settlement/", auth="user")
def settlement() -> dict[str, Any]:
    user = require_user(bp.current_request)
    addresses = list_addresses(user.user_id)["addresses"]
    return {"context": service.settlement(get_redis(), user.user_id, sku_views, addresses)}


@route(bp, "/orders/commit/", ["POST"], body=CommitRequest, auth="user", responses=_COMMIT)
def commit() -> dict[str, Any]:
    user = require_user(bp.current_request)
    req = parse_body(bp.current_request, CommitRequest)
    key = idempotency_key(bp.current_request.headers)
    now = datetime.now(UTC)
    return {"order_id": checkout.commit(get_redis(), user.user_id, req, key, now, timeouts.schedule_cancel)}


@route(bp, "/orders/", query=OrdersQuery, auth="user")
def list_orders() -> dict[str, Any]:
    user = require_user(bp.current_request)
    return service.page(user.user_id, parse_query(bp.current_request, OrdersQuery))


@route(bp, "/orders/{order_id}/", params=_ORDER, auth="user")
def order_detail(order_id: str) -> dict[str, Any]:
    return service.detail(require_user(bp.current_request).user_id, parse_order_id(order_id))


@route(bp, "/orders/{order_id}/cancel/", ["PUT"], params=_ORDER, auth="user", responses=_STATE)
def cancel_order(order_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    return service.cancel(user.user_id, parse_order_id(order_id), timeouts.drop_schedule)


@route(bp, "/orders/{order_id}/pay/", ["PUT"], params=_ORDER, auth="user", responses=_STATE)
def pay_order(order_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    return service.pay(user.user_id, parse_order_id(order_id), timeouts.drop_schedule)
