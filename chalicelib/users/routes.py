"""HTTP routes of the users context (paths and fields of the seed)."""

from __future__ import annotations

from typing import Annotated, Any

from chalice import Blueprint, Response
from chalice.app import Request
from pydantic import StringConstraints

from chalicelib.cart import service as cart
from chalicelib.cart.identity import CartHeaders, presented_cart_id, retired_cookie
from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.requests import client_ip
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings
from chalicelib.notifications.queue import publish
from chalicelib.users import renran, service
from chalicelib.users.models import Mobile
from chalicelib.users.renran_models import RegisterBody, RenranRegisterRequest
from chalicelib.users.requests import AvatarRequest, EmailRequest, EmailVerifyQuery, LoginRequest

bp = Blueprint(__name__)
# Any name up to the longest allowed one is worth asking about (the answer for a too-short one is 0).
_AnyUsername = Annotated[str, StringConstraints(min_length=1, max_length=20)]
# The service answers a malformed mobile with the seed's own code ("4007"), so the path only bounds its length.
_AnyMobile = Annotated[str, StringConstraints(min_length=1, max_length=20)]


@route(bp, "/usernames/{username}/count/", params={"username": _AnyUsername})
def username_count(username: str) -> dict[str, Any]:
    return service.username_count(username)


@route(bp, "/mobiles/{mobile}/count/", params={"mobile": Mobile})
def mobile_count(mobile: str) -> dict[str, Any]:
    return service.mobile_count(mobile)


@route(bp, "/sms_codes/{mobile}/", params={"mobile": _AnyMobile}, responses={429: "code resent too soon or too many"})
def sms_code(mobile: str, request: Request) -> dict[str, Any]:
    settings = get_settings()
    service.request_sms_code(mobile, client_ip(request), service.redis_codes(get_redis(), settings), settings, publish)
    return {}


@route(bp, "/users/", ["POST"], body=RegisterBody, responses={201: "registered, with a token", 409: "taken"})
def register(body: RegisterBody) -> Response:
    # Meiduo's body (username, password2, allow) or renran's (nickname, named after the mobile), one path.
    sms = service.redis_codes(get_redis(), get_settings())
    if isinstance(body.root, RenranRegisterRequest):
        return ok(201, **renran.register(body.root, sms))
    return ok(201, **service.register(body.root, sms))


@route(
    bp,
    "/authorizations/",
    ["POST"],
    body=LoginRequest,
    headers=CartHeaders,
    responses={401: "wrong credentials", 429: "too many attempts"},
)
def authorize(body: LoginRequest, headers: CartHeaders, request: Request) -> Response:
    result = service.login(body, client_ip(request), get_redis(), get_settings())
    response = ok(**result)
    if cart.merge_at_login(get_redis(), presented_cart_id(headers.cart_id, request), result["user_id"]):
        response.headers["Set-Cookie"] = retired_cookie()
    return response


@route(bp, "/authorizations/", ["DELETE"], auth="user", responses={200: "every token of the caller revoked"})
def log_out_everywhere(user: Principal) -> dict[str, Any]:
    return service.log_out_everywhere(user.user_id)


@route(bp, "/info/", auth="user")
def user_info(user: Principal) -> dict[str, Any]:
    return {"info_data": service.info(user.user_id)}


@route(bp, "/info/avatar/", ["PUT"], body=AvatarRequest, auth="user", responses={200: "the avatar's URL"})
def set_avatar(user: Principal, body: AvatarRequest) -> dict[str, Any]:
    return service.set_avatar(user.user_id, body.key)


@route(bp, "/emails/", ["PUT"], body=EmailRequest, auth="user", responses={429: "too many mails asked for"})
def set_email(user: Principal, body: EmailRequest) -> dict[str, Any]:
    return service.set_email(user.user_id, body, get_redis(), get_settings(), publish)


@route(bp, "/emails/verification/", query=EmailVerifyQuery)
def verify_email(query: EmailVerifyQuery) -> dict[str, Any]:
    return service.verify_email(query.token)
