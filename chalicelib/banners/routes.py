"""GET /home/banner/ (seed, luffy), GET /banner/ (renran's home page) and the staff banner writes."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.banners import service
from chalicelib.banners.models import BannerRequest
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.routing import route

bp = Blueprint(__name__)


@route(bp, "/home/banner/")
def banner_list() -> dict[str, Any]:
    return {"result": service.banner_list(get_redis())}


@route(bp, "/banner/", bare_answer="list")
def renran_banner_list() -> list[dict[str, Any]]:
    # renran's Home.vue does `this.banner_list = response.data`: DRF's bare list, as seed 004 shows.
    return list(service.renran_banners(get_redis()))


@route(bp, "/admin/banners/", auth="staff")
def admin_banners() -> dict[str, Any]:
    return {"banners": service.all_banners()}


@route(bp, "/admin/banners/", ["POST"], body=BannerRequest, auth="staff", responses={201: "the new banner"})
def create_banner(body: BannerRequest) -> Response:
    return ok(201, banner=service.create(get_redis(), body))


@route(bp, "/admin/banners/{banner_id}/", ["PUT"], body=BannerRequest, auth="staff")
def update_banner(banner_id: int, body: BannerRequest) -> dict[str, Any]:
    return {"banner": service.update(get_redis(), banner_id, body)}


@route(bp, "/admin/banners/{banner_id}/", ["DELETE"], auth="staff")
def delete_banner(banner_id: int) -> dict[str, Any]:
    service.delete(get_redis(), banner_id)
    return {}
