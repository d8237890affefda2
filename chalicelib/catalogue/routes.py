"""Catalogue routes: categories, SKU list, best sellers and detail, staff upkeep, visit counts (seed paths)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.catalogue import service, visits
from chalicelib.catalogue.requests import DayViewsQuery, SkuListQuery, SkuUpdate
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings

bp = Blueprint(__name__)


@route(bp, "/categories/")
def category_groups() -> dict[str, Any]:
    return {"categories": service.category_groups(get_redis())}


@route(bp, "/list/{category_id}/skus/", query=SkuListQuery)
def sku_list(category_id: int, query: SkuListQuery) -> dict[str, Any]:
    return service.sku_list(get_redis(), category_id, query)


@route(bp, "/hot/{category_id}/")
def hot_skus(category_id: int) -> dict[str, Any]:
    return {"hot_skus": service.hot_skus(get_redis(), category_id)}


@route(bp, "/skus/{sku_id}/")
def sku_detail(sku_id: int) -> dict[str, Any]:
    return {"sku": service.sku_detail(sku_id)}


@route(bp, "/admin/skus/{sku_id}/", ["PUT"], body=SkuUpdate, auth="staff")
def update_sku(sku_id: int, body: SkuUpdate) -> dict[str, Any]:
    return {"sku": service.update_sku(get_redis(), sku_id, body)}


@route(bp, "/statistical/goods_day_views/", query=DayViewsQuery, auth="staff")
def goods_day_views(query: DayViewsQuery) -> dict[str, Any]:
    settings = get_settings()
    day = query.date or visits.business_day(settings.business_timezone)
    return visits.day_views(get_redis(), day, settings.visit_shards)
