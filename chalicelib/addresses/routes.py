"""Address routes (seed paths); the caller only ever sees their own."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.addresses import service
from chalicelib.addresses.models import AddressRequest, TitleRequest
from chalicelib.core.auth import require_user
from chalicelib.core.errors import field_error
from chalicelib.core.http import ok, parse_body, route

bp = Blueprint(__name__)
_CREATED = {201: "the new address", 409: "the address limit is reached"}


def _address_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise field_error("address_id", "must be a positive integer")
    return int(raw)


@route(bp, "/addresses/", auth="user")
def list_addresses() -> dict[str, Any]:
    return service.list_addresses(require_user(bp.current_request).user_id)


@route(bp, "/addresses/create/", ["POST"], body=AddressRequest, auth="user", responses=_CREATED)
def create_address() -> Response:
    user = require_user(bp.current_request)
    req = parse_body(bp.current_request, AddressRequest)
    return ok(201, address=service.create(user.user_id, req))


@route(bp, "/addresses/{address_id}/", ["PUT"], body=AddressRequest, auth="user")
def update_address(address_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    req = parse_body(bp.current_request, AddressRequest)
    return {"address": service.update(user.user_id, _address_id(address_id), req)}


@route(bp, "/addresses/{address_id}/", ["DELETE"], auth="user")
def delete_address(address_id: str) -> dict[str, Any]:
    service.delete(require_user(bp.current_request).user_id, _address_id(address_id))
    return {}


@route(bp, "/addresses/{address_id}/default/", ["PUT"], auth="user")
def default_address(address_id: str) -> dict[str, Any]:
    service.set_default(require_user(bp.current_request).user_id, _address_id(address_id))
    return {}


@route(bp, "/addresses/{address_id}/title/", ["PUT"], body=TitleRequest, auth="user")
def address_title(address_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    req = parse_body(bp.current_request, TitleRequest)
    return {"address": service.set_title(user.user_id, _address_id(address_id), req.title)}
