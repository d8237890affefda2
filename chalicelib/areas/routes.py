"""GET /areas/ (seed): provinces, or one area's subdivisions."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.areas import service
from chalicelib.areas.models import AreasQuery
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings

bp = Blueprint(__name__)


@route(bp, "/areas/", query=AreasQuery, responses={404: "no such area"})
def areas(query: AreasQuery) -> dict[str, Any]:
    ttl = get_settings().areas_cache_seconds
    if query.area_id is None:
        return {"province_list": service.province_list(get_redis(), ttl)}
    return {"sub_data": service.sub_area(get_redis(), query.area_id, ttl)}
