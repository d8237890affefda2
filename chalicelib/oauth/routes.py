"""QQ login routes, with the paths and fields the meiduo front-end calls."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from chalice.app import Request

from chalicelib.cart import service as cart
from chalicelib.cart.identity import CartHeaders, presented_cart_id, retired_cookie
from chalicelib.core.base_url import public_base
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings
from chalicelib.oauth import service, states
from chalicelib.oauth.models import AuthorizationQuery, BindRequest, CallbackQuery
from chalicelib.oauth.settings import get_qq_settings
from chalicelib.users.service import redis_codes
from chalicelib.users.session_service import open_session

bp = Blueprint(__name__)
_PROVIDER = {502: "QQ answered an error or nonsense", 503: "QQ unreachable or QQ login not configured"}


def _secure() -> bool:
    return public_base().startswith("https://")


def _answer(result: dict[str, Any], headers: CartHeaders, request: Request, spent_state: bool) -> Response:
    # A login is a login by cookie too (seed 001's pages keep no token) and takes over the anonymous cart the
    # browser presented, as password login (and the seed's QQ login) do.
    response = ok(**result)
    cookies = [states.cleared_cookie(_secure())] if spent_state else []
    if "token" in result:
        r = get_redis()
        cookies += open_session(r, result["token"], remembered=False)
        if cart.merge_at_login(r, presented_cart_id(headers.cart_id, request), result["user_id"]):
            cookies.append(retired_cookie())
    if cookies:
        response.headers["Set-Cookie"] = cookies  # a list: one header per cookie
    return response


@route(bp, "/qq/authorization/", query=AuthorizationQuery, responses={400: "next is not a path on this site"})
def qq_login_url(query: AuthorizationQuery) -> Response:
    settings = get_qq_settings()
    found = service.login_url(query.next, get_redis(), service.qq_provider(settings), settings)
    response = ok(login_url=found["login_url"])
    response.headers["Set-Cookie"] = states.cookie(found["state"], settings.qq_state_ttl_seconds, _secure())
    return response


@route(
    bp,
    "/oauth_callback/",
    query=CallbackQuery,
    headers=CartHeaders,
    responses={200: 'logged in, or code "300" with a ticket to bind', 400: "state or code refused", **_PROVIDER},
)
def qq_callback(query: CallbackQuery, headers: CartHeaders, request: Request) -> Response:
    settings = get_qq_settings()
    state = states.browsers_state(request, query.state)
    result = service.callback(query.code, state, get_redis(), service.qq_provider(settings), settings)
    return _answer(result, headers, request, spent_state=True)


@route(
    bp,
    "/oauth_callback/",
    ["POST"],
    body=BindRequest,
    headers=CartHeaders,
    responses={
        400: "ticket or SMS code refused",
        401: "wrong password",
        403: "from another site",
        409: "QQ account or mobile taken",
    },
)
def qq_bind(body: BindRequest, headers: CartHeaders, request: Request) -> Response:
    result = service.bind(body, redis_codes(get_redis(), get_settings()))
    return _answer(result, headers, request, spent_state=False)
