"""Catalogue routes: categories, SKU list and detail, staff upkeep, visit counts (seed paths)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.catalogue import service, visits
from chalicelib.catalogue.models import DayViewsQuery, SkuListQuery, SkuUpdate
from chalicelib.core.auth import require_staff
from chalicelib.core.clients import get_redis
from chalicelib.core.errors import field_error
from chalicelib.core.http import parse_body, parse_query, route
from chalicelib.core.settings import get_settings

bp = Blueprint(__name__)


def path_id(raw: str, field: str) -> int:
    """A positive integer path segment; 400 naming the field otherwise."""
    if not raw.isdigit() or len(raw) > 12 or int(raw) == 0:
        raise field_error(field, "must be a positive integer")
    return int(raw)


@route(bp, "/categories/")
def category_groups() -> dict[str, Any]:
    return {"categories": service.category_groups(get_redis())}


@route(bp, "/list/{category_id}/skus/", query=SkuListQuery)
def sku_list(category_id: str) -> dict[str, Any]:
    query = parse_query(bp.current_request, SkuListQuery)
    return service.sku_list(get_redis(), path_id(category_id, "category_id"), query)


@route(bp, "/skus/{sku_id}/")
def sku_detail(sku_id: str) -> dict[str, Any]:
    return {"sku": service.sku_detail(path_id(sku_id, "sku_id"))}


@route(bp, "/admin/skus/{sku_id}/", ["PUT"], body=SkuUpdate, auth="staff")
def update_sku(sku_id: str) -> dict[str, Any]:
    require_staff(bp.current_request)
    change = parse_body(bp.current_request, SkuUpdate)
    return {"sku": service.update_sku(path_id(sku_id, "sku_id"), change)}


@route(bp, "/detail/visit/{category_id}/", ["POST"])
def visit(category_id: str) -> dict[str, Any]:
    settings = get_settings()
    today = visits.business_day(settings.business_timezone)
    visits.record_visit(get_redis(), path_id(category_id, "category_id"), today, settings.visit_shards)
    return {}


@route(bp, "/statistical/goods_day_views/", query=DayViewsQuery, auth="staff")
def goods_day_views() -> dict[str, Any]:
    require_staff(bp.current_request)
    query = parse_query(bp.current_request, DayViewsQuery)
    settings = get_settings()
    day = query.date or visits.business_day(settings.business_timezone)
    return visits.day_views(get_redis(), day, settings.visit_shards)
