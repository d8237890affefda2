"""Flash-sale routes (the seed's luffy paths, spelled `sckill`)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.catalogue.routes import path_id
from chalicelib.core.auth import require_staff, require_user
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok, parse_body, parse_query, route
from chalicelib.seckill import consumer, service
from chalicelib.seckill.models import AdmitRequest, OpenSaleRequest, TaskQuery

bp = Blueprint(__name__)
_ADMIT = {202: "admitted: poll the task", 404: "no sale open", 409: "sold out or already bought"}


@route(bp, "/admin/sckill/{sku_id}/", ["POST"], body=OpenSaleRequest, auth="staff")
def open_sale(sku_id: str) -> dict[str, Any]:
    require_staff(bp.current_request)
    req = parse_body(bp.current_request, OpenSaleRequest)
    return service.open_sale(get_redis(), path_id(sku_id, "sku_id"), req.quantity)


@route(bp, "/user/sckill/", ["POST"], body=AdmitRequest, auth="user", responses=_ADMIT)
def admit() -> Response:
    user = require_user(bp.current_request)
    req = parse_body(bp.current_request, AdmitRequest)
    return ok(202, task_id=service.admit(get_redis(), user.user_id, req.sku_id, consumer.publish))


@route(bp, "/user/sckill/", query=TaskQuery, auth="user", responses={404: "no such task of the caller"})
def task_status() -> dict[str, Any]:
    user = require_user(bp.current_request)
    query = parse_query(bp.current_request, TaskQuery)
    return service.task_status(get_redis(), user.user_id, query.task_id)
