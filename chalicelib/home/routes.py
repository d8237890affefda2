"""GET /home/banner/ (seed, luffy) and the staff banner writes."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.core.auth import require_staff
from chalicelib.core.clients import get_redis
from chalicelib.core.errors import field_error
from chalicelib.core.http import ok, parse_body, route
from chalicelib.home import service
from chalicelib.home.models import BannerRequest

bp = Blueprint(__name__)


def _banner_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise field_error("banner_id", "must be a positive integer")
    return int(raw)


@route(bp, "/home/banner/")
def banner_list() -> dict[str, Any]:
    return {"result": service.banner_list(get_redis())}


@route(bp, "/admin/banners/", auth="staff")
def admin_banners() -> dict[str, Any]:
    require_staff(bp.current_request)
    return {"banners": service.all_banners()}


@route(bp, "/admin/banners/", ["POST"], body=BannerRequest, auth="staff", responses={201: "the new banner"})
def create_banner() -> Response:
    require_staff(bp.current_request)
    req = parse_body(bp.current_request, BannerRequest)
    return ok(201, banner=service.create(get_redis(), req))


@route(bp, "/admin/banners/{banner_id}/", ["PUT"], body=BannerRequest, auth="staff")
def update_banner(banner_id: str) -> dict[str, Any]:
    require_staff(bp.current_request)
    req = parse_body(bp.current_request, BannerRequest)
    return {"banner": service.update(get_redis(), _banner_id(banner_id), req)}


@route(bp, "/admin/banners/{banner_id}/", ["DELETE"], auth="staff")
def delete_banner(banner_id: str) -> dict[str, Any]:
    require_staff(bp.current_request)
    service.delete(get_redis(), _banner_id(banner_id))
    return {}
