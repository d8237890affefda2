"""The checkout route (its own blueprint, so the checkout function imports only what placing an order needs)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.orders import checkout
from chalicelib.orders.requests import CommitHeaders, CommitRequest

bp = Blueprint(__name__)
_COMMIT = {404: "address or SKU not found", 409: "stock insufficient or cart empty"}


@route(bp, "/orders/commit/", ["POST"], body=CommitRequest, headers=CommitHeaders, auth="user", responses=_COMMIT)
def commit(user: Principal, body: CommitRequest, headers: CommitHeaders) -> dict[str, Any]:
    order_id = checkout.commit(get_redis(), user.user_id, body, headers.idempotency_key, datetime.now(UTC))
    return {"order_id": order_id}
