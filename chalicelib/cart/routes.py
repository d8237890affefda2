"""Cart routes (seed): logged-in users by token, anonymous callers by a server-issued, signed cart id."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from chalice.app import Request

from chalicelib.cart import service
from chalicelib.cart.identity import CartHeaders, CartOwner, cart_owner, cookie_header
from chalicelib.cart.requests import AddRequest, DeleteRequest, PutRequest, SelectionRequest
from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.routing import route

bp = Blueprint(__name__)
_FULL = {404: "no such SKU", 409: "count above 999 or a 101st line"}


def _answer(owner: CartOwner, wrote: bool = False, **data: Any) -> Response:
    """Success, echoing the anonymous cart id in the body and `X-Cart-Id`; a new id or a write sets the cookie.

    A write renews the cookie because it renews the cart's day in Redis: the two expire together.
    """
    if owner.cart_id:
        data["cart_id"] = owner.cart_id
    response = ok(**data)
    if owner.cart_id:
        response.headers["X-Cart-Id"] = owner.cart_id
        if owner.issued or wrote:
            response.headers["Set-Cookie"] = cookie_header(owner.cart_id)
    return response


@route(bp, "/carts/", ["POST"], body=AddRequest, headers=CartHeaders, auth="optional", responses=_FULL)
def add_to_cart(user: Principal | None, body: AddRequest, headers: CartHeaders, request: Request) -> Response:
    owner = cart_owner(user, headers.cart_id, request, create=True)
    assert owner.keys is not None
    line = service.add(get_redis(), owner.keys, body.sku_id, body.count, body.selected)
    return _answer(owner, wrote=True, **line)


@route(bp, "/carts/", headers=CartHeaders, auth="optional")
def show_cart(user: Principal | None, headers: CartHeaders, request: Request) -> Response:
    owner = cart_owner(user, headers.cart_id, request, create=False)
    return _answer(owner, **service.view(get_redis(), owner.keys))


@route(bp, "/carts/", ["PUT"], body=PutRequest, headers=CartHeaders, auth="optional", responses=_FULL)
def overwrite_line(user: Principal | None, body: PutRequest, headers: CartHeaders, request: Request) -> Response:
    owner = cart_owner(user, headers.cart_id, request, create=True)
    assert owner.keys is not None
    line = service.overwrite(get_redis(), owner.keys, body.sku_id, body.count, body.selected)
    # The seven fields at the top level too: the meiduo cart page reads `count` and `selected` there.
    return _answer(owner, wrote=True, **line, cart_sku=line)


@route(bp, "/carts/", ["DELETE"], body=DeleteRequest, headers=CartHeaders, auth="optional")
def delete_line(user: Principal | None, body: DeleteRequest, headers: CartHeaders, request: Request) -> Response:
    owner = cart_owner(user, headers.cart_id, request, create=False)
    service.remove(get_redis(), owner.keys, body.sku_id)
    return _answer(owner)


@route(bp, "/carts/selection/", ["PUT"], body=SelectionRequest, headers=CartHeaders, auth="optional")
def select_all(user: Principal | None, body: SelectionRequest, headers: CartHeaders, request: Request) -> Response:
    owner = cart_owner(user, headers.cart_id, request, create=False)
    service.select_all(get_redis(), owner.keys, body.selected)
    return _answer(owner)


@route(bp, "/carts/simple/", headers=CartHeaders, auth="optional")
def simple_cart(user: Principal | None, headers: CartHeaders, request: Request) -> Response:
    owner = cart_owner(user, headers.cart_id, request, create=False)
    return _answer(owner, **service.simple(get_redis(), owner.keys))
