"""GET /nav/header/, GET /nav/footer/ (renran's home page, bare lists) and the staff's navigation writes."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.routing import route
from chalicelib.navigation import service
from chalicelib.navigation.models import NavRequest

bp = Blueprint(__name__)
_PARENT = {409: "the link has sub-links, or the place is full"}


# renran's Header.vue and Footer.vue do `this.nav_list = response.data`: DRF's bare list, as seed 004 shows.
@route(bp, "/nav/header/", bare_answer="list")
def header_navs() -> list[dict[str, Any]]:
    return service.nav_list(get_redis(), "header")


@route(bp, "/nav/footer/", bare_answer="list")
def footer_navs() -> list[dict[str, Any]]:
    return service.nav_list(get_redis(), "footer")


@route(bp, "/admin/nav/", auth="staff")
def admin_navs() -> dict[str, Any]:
    return {"navs": service.all_navs()}


@route(bp, "/admin/nav/", ["POST"], body=NavRequest, auth="staff", responses={201: "the new link", **_PARENT})
def create_nav(body: NavRequest) -> Response:
    return ok(201, nav=service.create(get_redis(), body))


@route(bp, "/admin/nav/{nav_id}/", ["PUT"], body=NavRequest, auth="staff", responses=_PARENT)
def update_nav(nav_id: int, body: NavRequest) -> dict[str, Any]:
    return {"nav": service.update(get_redis(), nav_id, body)}


@route(bp, "/admin/nav/{nav_id}/", ["DELETE"], auth="staff", responses=_PARENT)
def delete_nav(nav_id: int) -> dict[str, Any]:
    service.delete(get_redis(), nav_id)
    return {}
