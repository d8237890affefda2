"""Renran's user pages (seed 004's front-end): register, captcha, login, password reset by e-mail.

Its pages send `Authorization: jwt <token>` and no cookies. POST /users/ (both pages' registration) is users/routes.py.
"""

from __future__ import annotations

from typing import Annotated, Any

from chalice import Blueprint
from chalice.app import Request
from pydantic import StringConstraints

from chalicelib.captcha import service as captcha
from chalicelib.captcha.settings import get_captcha_settings
from chalicelib.core.clients import get_redis
from chalicelib.core.requests import client_ip
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings
from chalicelib.notifications.queue import publish
from chalicelib.users import renran, reset, service
from chalicelib.users.renran_models import CaptchaQuery, ResetMailQuery, ResetPasswordRequest, ResetTokenRequest
from chalicelib.users.requests import LoginRequest

bp = Blueprint(__name__)
# The service answers a malformed mobile with the seed's own code ("4007"), so the path only bounds its length.
_AnyMobile = Annotated[str, StringConstraints(min_length=1, max_length=20)]
_PROVIDER = {502: "the captcha provider answered an error or nonsense", 503: "provider unreachable or not configured"}


@route(bp, "/users/mobile/{mobile}/", params={"mobile": _AnyMobile}, responses={400: "malformed or registered"})
def renran_mobile_free(mobile: str) -> dict[str, Any]:
    return renran.mobile_free(mobile)


@route(bp, "/users/sms/{mobile}/", params={"mobile": _AnyMobile}, responses={429: "code resent too soon or too many"})
def renran_sms_code(mobile: str, request: Request) -> dict[str, Any]:
    settings = get_settings()
    service.request_sms_code(mobile, client_ip(request), service.redis_codes(get_redis(), settings), settings, publish)
    return {"detail": "SMS code sent"}


@route(
    bp,
    "/users/captcha/",
    query=CaptchaQuery,
    responses={200: "passed: {detail: true}", 400: "not solved", 429: "too many checks", **_PROVIDER},
)
def check_captcha(query: CaptchaQuery, request: Request) -> dict[str, Any]:
    found = (query.ticket, query.randstr, client_ip(request), query.username)
    return captcha.check(*found, get_redis(), get_captcha_settings())


@route(
    bp,
    "/users/login/",
    ["POST"],
    body=LoginRequest,
    responses={400: "wrong credentials (renran's page reads a 400)", 429: "too many attempts"},
)
def renran_login(body: LoginRequest, request: Request) -> dict[str, Any]:
    return renran.login(body, client_ip(request), get_redis(), get_settings())


@route(
    bp,
    "/users/find/password/",
    query=ResetMailQuery,
    bare_answer="string",
    responses={200: "the same message whether or not the address is known", 429: "too many mails asked for"},
)
def ask_reset(query: ResetMailQuery, request: Request) -> str:
    return reset.send_links(query.email, client_ip(request), get_redis(), get_settings(), publish)


@route(bp, "/users/find/password/", ["POST"], body=ResetTokenRequest, responses={400: "link forged, used or expired"})
def reset_email(body: ResetTokenRequest) -> dict[str, Any]:
    return reset.email_of(body.access_token, get_redis())


@route(
    bp,
    "/users/find/password/",
    ["PUT"],
    body=ResetPasswordRequest,
    responses={200: "reset; every session and token of the user ended", 400: "link refused or passwords differ"},
)
def reset_password(body: ResetPasswordRequest) -> dict[str, Any]:
    return reset.reset(body, get_redis())
