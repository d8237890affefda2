"""The catalogue's request schemas, apart from models.py: carts, checkout and visits read SKUs and categories but
never validate these, and each pydantic model costs about a millisecond of a function's init to build."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from chalicelib.core.money import Price
from chalicelib.core.schemas import Body, Query

MAX_PAGE_SIZE = 50


class SkuListQuery(Query):
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)
    ordering: Literal["-create_time", "price", "-sales"] = "-create_time"


class SkuUpdate(Body):
    stock: Annotated[int, Field(ge=0, le=10**9)] | None = None
    price: Price | None = None
    is_launched: bool | None = None  # False takes the SKU off sale (out of search), True puts it back

    @model_validator(mode="after")
    def _something_to_change(self) -> SkuUpdate:
        if self.stock is None and self.price is None and self.is_launched is None:
            raise ValueError("give stock, price, is_launched or several")
        return self


class DayViewsQuery(Query):
    date: dt.date | None = None
