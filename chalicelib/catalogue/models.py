"""The catalogue's types: categories and SKUs as the repository returns them, and the request schemas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from chalicelib.core.money import Price
from chalicelib.core.schemas import Body, Query

MAX_PAGE_SIZE = 50


@dataclass(frozen=True)
class Category:
    """A category at any of three levels; a first-level one with a `group_id` is a home-page channel."""

    category_id: int
    name: str
    level: int
    parent_id: int | None = None
    group_id: int | None = None
    sequence: int | None = None
    url: str | None = None
    off_sale: frozenset[int] = frozenset()  # third level: its SKUs that are off sale, left out of the list pages


@dataclass(frozen=True)
class Sku:
    """A sellable item with every stored field."""

    sku_id: int
    spu_id: int
    category_id: int
    name: str
    caption: str
    price: Decimal
    stock: int
    sales: int
    comments: int
    default_image_url: str
    create_time: dt.datetime
    is_launched: bool = True  # False: off sale, never found by search


@dataclass(frozen=True)
class SkuView:
    """What carts, history and checkout read of many SKUs at once."""

    sku_id: int
    spu_id: int
    name: str
    price: Decimal
    stock: int
    default_image_url: str


@dataclass(frozen=True)
class SkuListing:
    """A SKU as a category's list page shows it (what the by-category index holds)."""

    sku_id: int
    name: str
    price: Decimal
    default_image_url: str
    sales: int
    comments: int


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
