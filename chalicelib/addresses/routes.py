"""Address routes (seed paths); the caller only ever sees their own."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from chalicelib.addresses import service
from chalicelib.addresses.models import AddressRequest, TitleRequest
from chalicelib.core.auth import Principal
from chalicelib.core.http import ok
from chalicelib.core.routing import route

bp = Blueprint(__name__)
_CREATED = {201: "the new address", 409: "the address limit is reached"}


@route(bp, "/addresses/", auth="user")
def list_addresses(user: Principal) -> dict[str, Any]:
    return service.list_addresses(user.user_id)


@route(bp, "/addresses/create/", ["POST"], body=AddressRequest, auth="user", responses=_CREATED)
def create_address(user: Principal, body: AddressRequest) -> Response:
    return ok(201, address=service.create(user.user_id, body))


@route(bp, "/addresses/{address_id}/", ["PUT"], body=AddressRequest, auth="user")
def update_address(user: Principal, address_id: int, body: AddressRequest) -> dict[str, Any]:
    return {"address": service.update(user.user_id, address_id, body)}


@route(bp, "/addresses/{address_id}/", ["DELETE"], auth="user")
def delete_address(user: Principal, address_id: int) -> dict[str, Any]:
    service.delete(user.user_id, address_id)
    return {}


@route(bp, "/addresses/{address_id}/default/", ["PUT"], auth="user")
def default_address(user: Principal, address_id: int) -> dict[str, Any]:
    service.set_default(user.user_id, address_id)
    return {}


@route(bp, "/addresses/{address_id}/title/", ["PUT"], body=TitleRequest, auth="user")
def address_title(user: Principal, address_id: int, body: TitleRequest) -> dict[str, Any]:
    return {"address": service.set_title(user.user_id, address_id, body.title)}
