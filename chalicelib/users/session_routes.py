"""Seed 001's session routes: the meiduo pages of that edition log in by cookie and never send a token."""

from __future__ import annotations

from chalice import Blueprint, Response
from chalice.app import Request

from chalicelib.cart import service as cart
from chalicelib.cart.identity import CartHeaders, presented_cart_id, retired_cookie
from chalicelib.core import sessions
from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.errors import AppError
from chalicelib.core.http import ok
from chalicelib.core.requests import client_ip
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings
from chalicelib.users import service, session_service
from chalicelib.users.errors import LoginRefused
from chalicelib.users.requests import PasswordChangeRequest, RegisterRequest, SessionLoginRequest

bp = Blueprint(__name__)
# Login CSRF (another site's page logging this browser in to an account of its choosing) is refused for every
# write by `route()`: a request whose Origin is neither allowed nor the API's own is a 403 before it is read.


def _with_cookies(response: Response, cookies: list[str]) -> Response:
    response.headers["Set-Cookie"] = cookies  # Chalice sends a list as several headers
    return response


@route(bp, "/register/", ["POST"], body=RegisterRequest, responses={201: "registered and logged in by cookie"})
def register_with_session(body: RegisterRequest) -> Response:
    r = get_redis()
    result = service.register(body, service.redis_codes(r, get_settings()))
    cookies = session_service.open_session(r, result["token"], remembered=False)
    return _with_cookies(ok(201, **session_service.answer_fields(result, "id", "username")), cookies)


@route(
    bp,
    "/login/",
    ["POST"],
    body=SessionLoginRequest,
    headers=CartHeaders,
    responses={400: "wrong credentials (the seed page's 400)", 403: "from another site", 429: "too many attempts"},
)
def login_with_session(body: SessionLoginRequest, headers: CartHeaders, request: Request) -> Response:
    r = get_redis()
    try:
        result = service.login(body, client_ip(request), r, get_settings())
    except AppError as exc:
        if exc.code == "4004":
            raise LoginRefused() from None
        raise
    cookies = session_service.open_session(r, result["token"], body.remembered)
    if cart.merge_at_login(r, presented_cart_id(headers.cart_id, request), result["user_id"]):
        cookies.append(retired_cookie())
    return _with_cookies(ok(**session_service.answer_fields(result, "user_id", "username")), cookies)


@route(bp, "/logout/", ["DELETE"], auth="optional", responses={200: "the session ended, both cookies cleared"})
def logout(request: Request) -> Response:
    # auth="optional": a cookie-riding DELETE from another site is refused (403) before the session is touched.
    return _with_cookies(ok(), session_service.close_session(get_redis(), sessions.presented(request)))


@route(
    bp,
    "/password/",
    ["PUT"],
    body=PasswordChangeRequest,
    auth="user",
    responses={200: "changed; every session and token of the user ended", 429: "too many wrong passwords"},
)
def change_password(user: Principal, body: PasswordChangeRequest, request: Request) -> Response:
    cleared = session_service.change_password(user.user_id, body, client_ip(request), get_redis(), get_settings())
    return _with_cookies(ok(), cleared)
