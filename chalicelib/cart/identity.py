"""Whose cart a request means: the logged-in user's, or an anonymous one named by a server-issued, signed id.

An anonymous cart id is 32 random hex characters plus an HMAC of them under the JWT secret, bound to this purpose
(`<id>.<mac>`), so only ids the server issued name a cart: a made-up, unsigned or tampered one is no cart at all
(a write then gets a new one). It travels as the HttpOnly cookie `cart_id`, and in the body's `cart_id` and the
`X-Cart-Id` response header for clients that send it back as the `X-Cart-Id` request header (declared on each route
that reads it as `CartHeaders`, parsed by `route()`; the cookie is read from the request here).

The cookie is `SameSite=None; Secure` when PUBLIC_URL is https, so a front-end on another site that fetches with
`credentials: "include"` gets it back; browsers refuse `SameSite=None` without `Secure`, so over plain http it is
`SameSite=Lax` and reaches the API from the same site only (localhost:8080 → localhost:8000, not → 127.0.0.1): a
front-end on another site over http keeps the id the body echoes and sends it as `X-Cart-Id`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import NamedTuple

from chalice.app import Request
from pydantic import Field

from chalicelib.cart.models import ANONYMOUS_TTL_SECONDS, CartKeys
from chalicelib.core.auth import Principal
from chalicelib.core.base_url import public_base
from chalicelib.core.cookies import cookie
from chalicelib.core.schemas import Headers
from chalicelib.core.secrets import jwt_secret

_RAW_ID = re.compile(r"^[0-9a-f]{32}$")
_PURPOSE = b"shop:cart-id:"  # the MAC of a cart id can stand for nothing else signed with the same secret
# Sent once an anonymous cart has been merged into a user's, so the browser stops presenting its id (plain http).
RETIRED_COOKIE = "cart_id=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"


class CartOwner(NamedTuple):
    """The cart's keys, plus the signed anonymous cart id when there is one (and whether it is new)."""

    keys: CartKeys | None  # None: an anonymous caller without a cart yet (reads as empty)
    cart_id: str | None = None
    issued: bool = False


def _mac(raw_id: str) -> str:
    secret = jwt_secret().encode()
    return hmac.new(secret, _PURPOSE + raw_id.encode(), hashlib.sha256).hexdigest()[:32]


def sign(raw_id: str) -> str:
    """The id a client holds for the anonymous cart `raw_id`."""
    return f"{raw_id}.{_mac(raw_id)}"


def verified(presented: str) -> str | None:
    """The raw cart id of a signed one the server issued; None for anything else."""
    raw_id, _, mac = presented.partition(".")
    if not _RAW_ID.match(raw_id) or not hmac.compare_digest(mac.encode(), _mac(raw_id).encode()):
        return None
    return raw_id


def _presented(header_id: str | None, request: Request) -> list[str]:
    return [c for c in (header_id or "", cookie(request, "cart_id")) if c]


def presented_id(header_id: str | None, request: Request) -> tuple[str, str] | None:
    """(raw id, signed id) of the first valid cart id: `header_id` (the parsed `X-Cart-Id`), then the cookie."""
    for candidate in _presented(header_id, request):
        raw_id = verified(candidate)
        if raw_id is not None:
            return raw_id, candidate
    return None


def presented_cart_id(header_id: str | None, request: Request) -> str | None:
    """The raw id of the anonymous cart this request presents validly (the login merge's input), if any."""
    found = presented_id(header_id, request)
    return found[0] if found else None


def cart_owner(user: Principal | None, header_id: str | None, request: Request, create: bool) -> CartOwner:
    """The cart of this request; an anonymous caller gets a new id when `create` and no valid one was sent."""
    if user is not None:
        return CartOwner(CartKeys.for_user(user.user_id))
    found = presented_id(header_id, request)
    if found is not None:
        return CartOwner(CartKeys.for_anonymous(found[0]), found[1])
    if not create:
        return CartOwner(None)
    raw_id = secrets.token_hex(16)
    return CartOwner(CartKeys.for_anonymous(raw_id), sign(raw_id), issued=True)


def _same_site() -> str:
    return "SameSite=None; Secure" if public_base().startswith("https://") else "SameSite=Lax"


def cookie_header(cart_id: str) -> str:
    """The Set-Cookie value that hands a signed anonymous cart id to the browser for as long as the cart lives."""
    return f"cart_id={cart_id}; Max-Age={ANONYMOUS_TTL_SECONDS}; Path=/; HttpOnly; {_same_site()}"


def retired_cookie() -> str:
    """The Set-Cookie value that removes the cart id, with the attributes it was set with."""
    return f"cart_id=; Max-Age=0; Path=/; HttpOnly; {_same_site()}"


class CartHeaders(Headers):
    """The X-Cart-Id request header, for the cart routes and the logins that merge the anonymous cart."""

    # Any text is taken: an id the server did not sign names no cart (a write then issues one), it is never a 400.
    cart_id: str | None = Field(
        default=None,
        alias="X-Cart-Id",
        description="An anonymous cart's signed id, as an earlier answer's X-Cart-Id gave it (else the cart_id "
        "cookie is read); an id this server did not issue names no cart.",
    )
