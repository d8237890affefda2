"""QQ login routes, with the paths and fields the meiduo front-end calls."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from chalice.app import Request

from chalicelib.cart import service as cart
from chalicelib.cart.identity import presented_cart_id, retired_cookie
from chalicelib.cart.models import CartHeaders
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings
from chalicelib.oauth import service
from chalicelib.oauth.models import AuthorizationQuery, BindRequest, CallbackQuery
from chalicelib.oauth.settings import get_qq_settings
from chalicelib.users.service import redis_codes

bp = Blueprint(__name__)
_PROVIDER = {502: "QQ answered an error or nonsense", 503: "QQ unreachable or QQ login not configured"}


def _answer(result: dict[str, Any], headers: CartHeaders, request: Request) -> Response:
    # A login takes over the anonymous cart the browser presented, as password login (and the seed's QQ login) do.
    response = ok(**result)
    if "token" not in result:
        return response
    if cart.merge_at_login(get_redis(), presented_cart_id(headers.cart_id, request), result["user_id"]):
        response.headers["Set-Cookie"] = retired_cookie()
    return response


@route(bp, "/qq/authorization/", query=AuthorizationQuery, responses={400: "next is not a path on this site"})
def qq_login_url(query: AuthorizationQuery) -> dict[str, Any]:
    settings = get_qq_settings()
    return service.login_url(query.next, get_redis(), service.qq_provider(settings), settings)


@route(
    bp,
    "/oauth_callback/",
    query=CallbackQuery,
    headers=CartHeaders,
    responses={400: "state or code refused", **_PROVIDER},
)
def qq_callback(query: CallbackQuery, headers: CartHeaders, request: Request) -> Response:
    settings = get_qq_settings()
    result = service.callback(query.code, query.state, get_redis(), service.qq_provider(settings), settings)
    return _answer(result, headers, request)


@route(
    bp,
    "/oauth_callback/",
    ["POST"],
    body=BindRequest,
    headers=CartHeaders,
    responses={400: "ticket or SMS code refused", 401: "wrong password", 409: "QQ account or mobile taken"},
)
def qq_bind(body: BindRequest, headers: CartHeaders, request: Request) -> Response:
    return _answer(service.bind(body, redis_codes(get_redis(), get_settings())), headers, request)
