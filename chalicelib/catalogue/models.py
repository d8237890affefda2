"""The catalogue's types: categories and SKUs as the repository returns them (requests.py: the request schemas)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple


class Category(NamedTuple):
    """A category at any of three levels; a first-level one with a `group_id` is a home-page channel."""

    category_id: int
    name: str
    level: int
    parent_id: int | None = None
    group_id: int | None = None
    sequence: int | None = None
    url: str | None = None
    off_sale: frozenset[int] = frozenset()  # third level: its SKUs that are off sale, left out of the list pages


class Sku(NamedTuple):
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


class SkuView(NamedTuple):
    """What carts, history and checkout read of many SKUs at once."""

    sku_id: int
    spu_id: int
    name: str
    price: Decimal
    stock: int
    default_image_url: str


class SkuListing(NamedTuple):
    """A SKU as a category's list page shows it (what the by-category index holds)."""

    sku_id: int
    name: str
    price: Decimal
    default_image_url: str
    sales: int
    comments: int
