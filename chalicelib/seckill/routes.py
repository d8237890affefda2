"""Flash-sale routes (the seed's luffy paths, spelled `sckill`)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.routing import route
from chalicelib.seckill import queue, service
from chalicelib.seckill.requests import AdmitRequest, OpenSaleRequest, TaskQuery

bp = Blueprint(__name__)
_ADMIT = {202: "admitted: poll the task", 404: "no sale open", 409: "sold out or already bought"}


@route(bp, "/admin/sckill/{sku_id}/", ["POST"], body=OpenSaleRequest, auth="staff")
def open_sale(sku_id: int, body: OpenSaleRequest) -> dict[str, Any]:
    return service.open_sale(get_redis(), sku_id, body.quantity)


@route(bp, "/user/sckill/", ["POST"], body=AdmitRequest, auth="user", responses=_ADMIT)
def admit(user: Principal, body: AdmitRequest) -> Response:
    return ok(202, task_id=service.admit(get_redis(), user.user_id, body.sku_id, queue.publish))


@route(bp, "/user/sckill/", query=TaskQuery, auth="user", responses={404: "no such task of the caller"})
def task_status(user: Principal, query: TaskQuery) -> dict[str, Any]:
    return service.task_status(get_redis(), user.user_id, query.task_id)
