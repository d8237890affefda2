"""Cart use cases over the Redis store, with prices and names from the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Protocol

import redis

from chalicelib.cart import store
from chalicelib.cart.store import CartKeys
from chalicelib.catalogue.repository import sku_views
from chalicelib.core.errors import NotFound
from chalicelib.core.links import media_url
from chalicelib.core.money import money


class SkuView(Protocol):
    """What the cart shows of a SKU (the catalogue's `SkuView` has it)."""

    @property
    def sku_id(self) -> Any: ...
    @property
    def name(self) -> Any: ...
    @property
    def default_image_url(self) -> Any: ...
    @property
    def price(self) -> Any: ...


SkuLookup = Callable[[list[int]], Mapping[int, SkuView]]


def _line(sku: SkuView, line: store.Line) -> dict[str, Any]:
    price = Decimal(str(sku.price))
    return {
        "id": line.sku_id,
        "name": sku.name,
        "default_image_url": media_url(sku.default_image_url),
        "price": money(price),
        "count": line.count,
        "selected": line.selected,
        "amount": money(price * line.count),
    }


def add(
    r: redis.Redis, keys: CartKeys, sku_id: int, count: int, selected: bool, skus: SkuLookup = sku_views
) -> dict[str, Any]:
    """Add `count` to a line (creating it); 404 for an unknown SKU, 409 past a limit."""
    if sku_id not in skus([sku_id]):
        raise NotFound("sku not found")
    new = store.write_line(r, keys, sku_id, count, selected, add=True)
    return {"sku_id": sku_id, "count": new, "selected": selected}


def overwrite(
    r: redis.Redis, keys: CartKeys, sku_id: int, count: int, selected: bool, skus: SkuLookup = sku_views
) -> dict[str, Any]:
    """Set a line's count and selected state; returns the contract's seven fields."""
    found = skus([sku_id])
    if sku_id not in found:
        raise NotFound("sku not found")
    new = store.write_line(r, keys, sku_id, count, selected, add=False)
    return _line(found[sku_id], store.Line(sku_id, new, selected))


def view(r: redis.Redis, keys: CartKeys | None, skus: SkuLookup = sku_views) -> dict[str, Any]:
    """Every line with price and amount, and the totals over the selected ones."""
    lines = store.read_lines(r, keys) if keys else []
    found = skus([line.sku_id for line in lines]) if lines else {}
    cart = [_line(found[line.sku_id], line) for line in lines if line.sku_id in found]
    chosen = [item for item in cart if item["selected"]]
    total = sum((Decimal(item["amount"]) for item in chosen), Decimal("0"))
    return {"cart_skus": cart, "total_count": sum(item["count"] for item in chosen), "total_amount": money(total)}


def simple(r: redis.Redis, keys: CartKeys | None, skus: SkuLookup = sku_views) -> dict[str, Any]:
    """The short cart for the page header."""
    full = view(r, keys, skus)["cart_skus"]
    return {"cart_skus": [{k: item[k] for k in ("id", "name", "count", "default_image_url")} for item in full]}


def remove(r: redis.Redis, keys: CartKeys | None, sku_id: int) -> None:
    """Delete a line; a caller without a cart has nothing to delete."""
    if keys:
        store.delete_lines(r, keys, [sku_id])


def select_all(r: redis.Redis, keys: CartKeys | None, selected: bool) -> None:
    """Select or unselect every line; a caller without a cart has none."""
    if keys:
        store.select_all(r, keys, selected)


def merge_at_login(r: redis.Redis, cart_id: str | None, user_id: int) -> bool:
    """Move the anonymous cart a login presented into the user's (the seed's merge); False when there was none.

    One atomic script, after which the anonymous cart is gone and its id should be retired.
    """
    if not cart_id:
        return False
    store.merge(r, CartKeys.for_anonymous(cart_id), CartKeys.for_user(user_id))
    return True
