"""Cart use cases over the Redis store, with prices and names from the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Protocol

import redis

from chalicelib.cart import store
from chalicelib.cart.store import CartKeys
from chalicelib.core.errors import NotFound
from chalicelib.core.money import money


class SkuView(Protocol):
    """What the cart shows of a SKU."""

    sku_id: Any
    name: Any
    default_image_url: Any
    price: Any


SkuLookup = Callable[[list[int]], Mapping[int, SkuView]]


def _line(sku: SkuView, line: store.Line) -> dict[str, Any]:
    price = Decimal(str(sku.price))
    return {
        "id": line.sku_id,
        "name": sku.name,
        "default_image_url": sku.default_image_url,
        "price": money(price),
        "count": line.count,
        "selected": line.selected,
        "amount": money(price * line.count),
    }


def add(r: redis.Redis, keys: CartKeys, sku_id: int, count: int, selected: bool, skus: SkuLookup) -> dict[str, Any]:
    """Add `count` to a line (creating it); 404 for an unknown SKU, 409 past a limit."""
    if sku_id not in skus([sku_id]):
        raise NotFound("sku not found")
    new = store.write_line(r, keys, sku_id, count, selected, add=True)
    return {"sku_id": sku_id, "count": new, "selected": selected}


def overwrite(
    r: redis.Redis, keys: CartKeys, sku_id: int, count: int, selected: bool, skus: SkuLookup
) -> dict[str, Any]:
    """Set a line's count and selected state; returns the contract's seven fields."""
    found = skus([sku_id])
    if sku_id not in found:
        raise NotFound("sku not found")
    new = store.write_line(r, keys, sku_id, count, selected, add=False)
    return _line(found[sku_id], store.Line(sku_id, new, selected))


def view(r: redis.Redis, keys: CartKeys | None, skus: SkuLookup) -> dict[str, Any]:
    """Every line with price and amount, and the totals over the selected ones."""
    lines = store.read_lines(r, keys) if keys else []
    found = skus([line.sku_id for line in lines]) if lines else {}
    cart = [_line(found[line.sku_id], line) for line in lines if line.sku_id in found]
    chosen = [item for item in cart if item["selected"]]
    total = sum((Decimal(item["amount"]) for item in chosen), Decimal("0"))
    return {"cart_skus": cart, "total_count": sum(item["count"] for item in chosen), "total_amount": money(total)}


def simple(r: redis.Redis, keys: CartKeys | None, skus: SkuLookup) -> dict[str, Any]:
    """The short cart for the page header."""
    full = view(r, keys, skus)["cart_skus"]
    return {"cart_skus": [{k: item[k] for k in ("id", "name", "count", "default_image_url")} for item in full]}
