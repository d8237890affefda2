"""The cart's request schemas, apart from models.py: checkout and the flash-sale consumer read carts, never these.

Each pydantic model costs about a millisecond of a function's init to build; only the routes that take them do.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AliasChoices, Field

from chalicelib.cart.models import MAX_COUNT
from chalicelib.core.schemas import Body, Headers

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
