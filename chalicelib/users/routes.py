"""HTTP routes of the users context (paths and fields of the seed)."""

from __future__ import annotations

import re
from typing import Any

from chalice import Blueprint, Response

from chalicelib.cart.identity import presented_cart_id
from chalicelib.cart.store import CartKeys, merge
from chalicelib.core.auth import require_user
from chalicelib.core.clients import get_redis
from chalicelib.core.errors import field_error
from chalicelib.core.http import ok, parse_body, parse_query, route
from chalicelib.core.requests import client_ip
from chalicelib.core.settings import get_settings
from chalicelib.notifications.queue import publish
from chalicelib.users import repository, service
from chalicelib.users.models import (
    MOBILE_PATTERN,
    EmailRequest,
    EmailVerifyQuery,
    LoginRequest,
    Mobile,
    RegisterRequest,
    Username,
)

bp = Blueprint(__name__)
_MOBILE = re.compile(MOBILE_PATTERN)


@route(bp, "/usernames/{username}/count/", params={"username": Username})
def username_count(username: str) -> dict[str, Any]:
    if len(username) > 20:
        raise field_error("username", "at most 20 characters")
    return {"username": username, "count": int(repository.username_taken(username))}


@route(bp, "/mobiles/{mobile}/count/", params={"mobile": Mobile})
def mobile_count(mobile: str) -> dict[str, Any]:
    if not _MOBILE.match(mobile):
        raise field_error("mobile", "invalid mobile number")
    return {"mobile": mobile, "count": int(repository.mobile_taken(mobile))}


@route(bp, "/sms_codes/{mobile}/", params={"mobile": Mobile}, responses={429: "code resent too soon or too many"})
def sms_code(mobile: str) -> dict[str, Any]:
    service.request_sms_code(mobile, client_ip(bp.current_request), get_redis(), get_settings(), publish)
    return {}


@route(bp, "/users/", ["POST"], body=RegisterRequest, responses={201: "registered, with a token", 409: "taken"})
def register() -> Response:
    req = parse_body(bp.current_request, RegisterRequest)
    return ok(201, **service.register(req, get_redis(), get_settings()))


@route(
    bp, "/authorizations/", ["POST"], body=LoginRequest, responses={401: "wrong credentials", 429: "too many attempts"}
)
def authorize() -> Response:
    req = parse_body(bp.current_request, LoginRequest)
    result = service.login(req, client_ip(bp.current_request), get_redis(), get_settings())
    response = ok(**result)
    cart_id = presented_cart_id(bp.current_request)
    if cart_id:
        # The seed merges the cookie cart at login; here it is one atomic script, then the id is retired.
        merge(get_redis(), CartKeys.for_anonymous(cart_id), CartKeys.for_user(result["user_id"]))
        response.headers["Set-Cookie"] = "cart_id=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"
    return response


@route(bp, "/info/", auth="user")
def user_info() -> dict[str, Any]:
    principal = require_user(bp.current_request)
    return {"info_data": service.info(principal.user_id)}


@route(bp, "/emails/", ["PUT"], body=EmailRequest, auth="user")
def set_email() -> dict[str, Any]:
    principal = require_user(bp.current_request)
    req = parse_body(bp.current_request, EmailRequest)
    return service.set_email(principal.user_id, req, get_settings(), publish)


@route(bp, "/emails/verification/", query=EmailVerifyQuery)
def verify_email() -> dict[str, Any]:
    query = parse_query(bp.current_request, EmailVerifyQuery)
    return service.verify_email(query.token, get_settings())
