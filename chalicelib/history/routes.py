"""Browsing history routes (seed): logged-in users only."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import Field

from chalicelib.catalogue.repository import sku_views
from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.core.schemas import Body
from chalicelib.history import service

bp = Blueprint(__name__)
_SKU = {404: "no such SKU"}


class HistoryRequest(Body):
    sku_id: int = Field(ge=1, le=10**12)


@route(bp, "/browse_histories/", ["POST"], body=HistoryRequest, auth="user", responses=_SKU)
def record_view(user: Principal, body: HistoryRequest) -> dict[str, Any]:
    return service.record(get_redis(), user.user_id, body.sku_id, sku_views)


@route(bp, "/browse_histories/", auth="user")
def recent_views(user: Principal) -> dict[str, Any]:
    return service.recent(get_redis(), user.user_id, sku_views)
