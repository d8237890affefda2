"""GET /areas/ (seed): provinces, or one area's subdivisions by `?area_id=` or by path as DRF clients ask."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.areas import service
from chalicelib.areas.models import AreasQuery
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings

bp = Blueprint(__name__)
_UNKNOWN = {404: "no such area"}


def _sub_area(area_id: int) -> dict[str, Any]:
    # The seed's page reads `sub_data.subs`; a DRF client (the meiduo DRF front-end) reads `subs` at the top.
    sub = service.sub_area(get_redis(), area_id, get_settings().areas_cache_seconds)
    return {"sub_data": sub, **sub}


@route(bp, "/areas/", query=AreasQuery, responses=_UNKNOWN)
def areas(query: AreasQuery) -> dict[str, Any]:
    if query.area_id is None:
        return {"province_list": service.province_list(get_redis(), get_settings().areas_cache_seconds)}
    return _sub_area(query.area_id)


@route(bp, "/areas/{area_id}/", responses=_UNKNOWN)
def area(area_id: int) -> dict[str, Any]:
    return _sub_area(area_id)
