"""The cart's request schemas, apart from models.py: checkout and the flash-sale consumer read carts, never these.

Each pydantic model costs about a millisecond of a function's init to build; only the routes that take them do.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AliasChoices, Field

from chalicelib.cart.models import MAX_COUNT
from chalicelib.core.schemas import Body

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
