"""The cart's types: its keys, a stored line, the limits, and the request schemas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, NamedTuple

from pydantic import AliasChoices, Field

from chalicelib.core.schemas import Body, Headers

MAX_COUNT = 999
MAX_LINES = 100
ANONYMOUS_TTL_SECONDS = 86400


class CartKeys(NamedTuple):
    """The keys of one cart (its lines, its selected set, its version stamp) and how long they live (0: no expiry)."""

    lines: str
    selected: str
    version: str
    ttl: int

    @classmethod
    def for_user(cls, user_id: int) -> CartKeys:
        """The seed's keys for a logged-in user, and the version's beside them."""
        return cls(f"carts_{user_id}", f"selected_{user_id}", f"cart_version_{user_id}", 0)

    @classmethod
    def for_anonymous(cls, cart_id: str) -> CartKeys:
        """Keys of a server-issued anonymous cart, expiring a day after the last change."""
        return cls(
            f"carts_anon_{cart_id}", f"selected_anon_{cart_id}", f"cart_version_anon_{cart_id}", ANONYMOUS_TTL_SECONDS
        )


@dataclass(frozen=True)
class Line:
    """One cart line as stored."""

    sku_id: int
    count: int
    selected: bool


class CartState(NamedTuple):
    """A cart's lines and its version stamp, read together (None: no change since versions exist)."""

    lines: list[Line]
    version: str | None


SkuId = Annotated[int, Field(ge=1, le=10**12)]
Count = Annotated[int, Field(ge=1, le=MAX_COUNT)]


class AddRequest(Body):
    sku_id: SkuId
    count: Count
    selected: bool = True


class PutRequest(Body):
    # A line as GET /carts/ shows it names its SKU `id`: PUT back unchanged, it is accepted.
    sku_id: SkuId = Field(validation_alias=AliasChoices("sku_id", "id"))
    count: Count
    selected: bool = True


class DeleteRequest(Body):
    sku_id: SkuId


class SelectionRequest(Body):
    selected: bool


class CartHeaders(Headers):
    # Any text is taken: an id the server did not sign names no cart (a write then issues one), it is never a 400.
    cart_id: str | None = Field(
        default=None,
        alias="X-Cart-Id",
        description="An anonymous cart's signed id, as an earlier answer's X-Cart-Id gave it (else the cart_id "
        "cookie is read); an id this server did not issue names no cart.",
    )
