"""GET /areas/ (seed): provinces, or one area's subdivisions."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import Field

from chalicelib.areas import service
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.core.schemas import Query
from chalicelib.core.settings import get_settings

bp = Blueprint(__name__)


class AreasQuery(Query):
    area_id: int | None = Field(default=None, ge=1, le=999999)


@route(bp, "/areas/", query=AreasQuery, responses={404: "no such area"})
def areas(query: AreasQuery) -> dict[str, Any]:
    ttl = get_settings().areas_cache_seconds
    if query.area_id is None:
        return {"province_list": service.province_list(get_redis(), ttl)}
    return {"sub_data": service.sub_area(get_redis(), query.area_id, ttl)}
