"""Whose cart a request means: the logged-in user's, or an anonymous one named by a server-issued id."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

from chalice.app import Request

from chalicelib.cart.models import ANONYMOUS_TTL_SECONDS, CartKeys
from chalicelib.core.auth import Principal

_CART_ID = re.compile(r"^[0-9a-f]{32}$")
# Sent once an anonymous cart has been merged into a user's, so the browser stops presenting its id.
RETIRED_COOKIE = "cart_id=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"


@dataclass(frozen=True)
class CartOwner:
    """The cart's keys, plus the anonymous cart id when there is one (and whether it is new)."""

    keys: CartKeys | None  # None: an anonymous caller without a cart yet (reads as empty)
    cart_id: str | None = None
    issued: bool = False


def presented_cart_id(request: Request) -> str | None:
    """The anonymous cart id from the `cart_id` cookie or the `X-Cart-Id` header, if well-formed."""
    headers: Any = request.headers or {}
    candidates = [headers.get("x-cart-id", "")]
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is just ignored
        cookie = SimpleCookie()
    if "cart_id" in cookie:
        candidates.append(cookie["cart_id"].value)
    return next((c for c in candidates if c and _CART_ID.match(c)), None)


def cart_owner(user: Principal | None, request: Request, create: bool) -> CartOwner:
    """The cart of this request; an anonymous caller gets a new id when `create` and none was sent."""
    if user is not None:
        return CartOwner(CartKeys.for_user(user.user_id))
    cart_id = presented_cart_id(request)
    if cart_id is None and create:
        new_id = secrets.token_hex(16)
        return CartOwner(CartKeys.for_anonymous(new_id), new_id, issued=True)
    if cart_id is None:
        return CartOwner(None)
    return CartOwner(CartKeys.for_anonymous(cart_id), cart_id)


def cookie_header(cart_id: str) -> str:
    """The Set-Cookie value that hands an anonymous cart id to the browser."""
    return f"cart_id={cart_id}; Max-Age={ANONYMOUS_TTL_SECONDS}; Path=/; HttpOnly; SameSite=Lax"
