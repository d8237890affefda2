"""GET /article/special/ and POST /article/post/ (renran's writer page: a manager's specials) and staff's writes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint, Response

from chalicelib.core.auth import Principal
from chalicelib.core.http import ok
from chalicelib.core.routing import route
from chalicelib.specials import service
from chalicelib.specials.models import PostRequest, SpecialQuery, SpecialRequest

bp = Blueprint(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


@route(bp, "/article/special/", query=SpecialQuery, auth="user", bare_answer="list")
def managed_specials(user: Principal, query: SpecialQuery) -> list[dict[str, Any]]:
    # renran's writer page reads the body itself as the list (DRF's unpaginated ListAPIView).
    return service.managed(user, query.article_id)


@route(
    bp,
    "/article/post/",
    ["POST"],
    body=PostRequest,
    auth="user",
    responses={404: "not a special the caller manages, or no such article", 409: "the article is not public"},
)
def post_to_special(user: Principal, body: PostRequest) -> dict[str, Any]:
    return service.post(user, body, _now())


@route(bp, "/admin/specials/", auth="staff")
def admin_specials() -> dict[str, Any]:
    return {"specials": service.catalog()}


@route(bp, "/admin/specials/", ["POST"], body=SpecialRequest, auth="staff", responses={201: "the new special"})
def create_special(body: SpecialRequest) -> Response:
    return ok(201, special=service.create(body, _now()))


@route(
    bp,
    "/admin/specials/{special_id}/",
    ["PUT"],
    body=SpecialRequest,
    auth="staff",
    responses={409: "changed by another request since it was read"},
)
def update_special(special_id: int, body: SpecialRequest) -> dict[str, Any]:
    return {"special": service.update(special_id, body)}
