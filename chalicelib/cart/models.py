"""Cart request schemas."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from chalicelib.cart.store import MAX_COUNT
from chalicelib.core.schemas import Body

SkuId = Annotated[int, Field(ge=1, le=10**12)]
Count = Annotated[int, Field(ge=1, le=MAX_COUNT)]


class AddRequest(Body):
    sku_id: SkuId
    count: Count
    selected: bool = True


class PutRequest(Body):
    sku_id: SkuId
    count: Count
    selected: bool = True


class DeleteRequest(Body):
    sku_id: SkuId


class SelectionRequest(Body):
    selected: bool
