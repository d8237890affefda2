"""Browsing history routes (seed): logged-in users only."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.history import service
from chalicelib.history.models import HistoryRequest

bp = Blueprint(__name__)
_SKU = {404: "no such SKU"}


@route(bp, "/browse_histories/", ["POST"], body=HistoryRequest, auth="user", responses=_SKU)
def record_view(user: Principal, body: HistoryRequest) -> dict[str, Any]:
    return service.record(get_redis(), user.user_id, body.sku_id)


@route(bp, "/browse_histories/", auth="user")
def recent_views(user: Principal) -> dict[str, Any]:
    return service.recent(get_redis(), user.user_id)
