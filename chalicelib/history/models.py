"""Browsing history's types: a SKU as the history shows it, and the request schema."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from pydantic import Field

from chalicelib.core.schemas import Body


class HistorySku(NamedTuple):
    """What the user centre shows of a viewed SKU (the meiduo page reads `comments` beside name and price)."""

    sku_id: int
    name: str
    price: Decimal
    default_image_url: str
    comments: int


class HistoryRequest(Body):
    sku_id: int = Field(ge=1, le=10**12)
