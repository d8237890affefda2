"""QQ login routes with the paths and fields of renran's pages (no cookies: the token travels in the body)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from chalice.app import Request

from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.requests import client_ip
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings
from chalicelib.oauth import renran, service
from chalicelib.oauth.models import RenranBindLoginRequest, RenranBindRegisterRequest, RenranCallbackQuery
from chalicelib.oauth.settings import get_qq_settings
from chalicelib.users.service import redis_codes

bp = Blueprint(__name__)
_PROVIDER = {502: "QQ answered an error or nonsense", 503: "QQ unreachable or QQ login not configured"}


def _provider() -> service.Provider:
    settings = get_qq_settings()
    return service.qq_provider(settings, settings.renran_redirect_uri())


@route(bp, "/oauth/qq/", bare_answer="string", responses={200: "QQ's login URL, as a bare JSON string", **_PROVIDER})
def renran_login_url() -> str:
    return renran.login_url(get_redis(), _provider(), get_qq_settings())


@route(
    bp,
    "/oauth/qq/user/",
    query=RenranCallbackQuery,
    responses={200: "logged in, or {openid, access_token, refresh_token} to bind", 400: "state or code refused"}
    | _PROVIDER,
)
def renran_callback(query: RenranCallbackQuery) -> dict[str, Any]:
    return renran.callback(query.code, query.state, get_redis(), _provider(), get_qq_settings())


@route(
    bp,
    "/oauth/qq/login/",
    ["POST"],
    body=RenranBindLoginRequest,
    responses={400: "ticket or password refused", 409: "QQ account bound already", 429: "too many attempts"},
)
def renran_bind_login(body: RenranBindLoginRequest, request: Request) -> dict[str, Any]:
    return renran.bind_existing(body, client_ip(request), get_redis(), get_settings())


@route(
    bp,
    "/oauth/qq/reg/",
    ["POST"],
    body=RenranBindRegisterRequest,
    responses={201: "registered, bound and logged in", 400: "ticket or SMS code refused", 409: "mobile or QQ taken"},
)
def renran_bind_register(body: RenranBindRegisterRequest) -> Response:
    return ok(201, **renran.bind_new(body, redis_codes(get_redis(), get_settings())))
