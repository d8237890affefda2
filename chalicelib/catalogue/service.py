"""Catalogue use cases: the category tree, a category's SKU list, one SKU, staff upkeep, loading."""

from __future__ import annotations

import math
from typing import Any

import redis

from chalicelib.catalogue import categories, repository
from chalicelib.catalogue.models import SkuListQuery, SkuUpdate
from chalicelib.catalogue.repository import CategoryModel, SkuModel, SpuModel
from chalicelib.core.errors import NotFound
from chalicelib.core.money import money

# In-memory orderings of one category's SKUs; the index already yields them newest first, and a
# stable sort keeps that order among equal prices or sales.
_ORDER_KEYS = {"price": lambda s: s.price, "-sales": lambda s: -int(s.sales)}


def category_groups(r: redis.Redis) -> dict[str, Any]:
    """The home page's channels and categories by group (the seed's shape)."""
    return dict(categories.tree(r)["groups"])


def sku_list(r: redis.Redis, category_id: int, query: SkuListQuery) -> dict[str, Any]:
    """One page of a third-level category's SKUs, the number of pages and the breadcrumb; 404 otherwise."""
    nodes = categories.tree(r)["nodes"]
    node = nodes.get(str(category_id))
    if node is None or node["level"] != 3:
        raise NotFound("category not found")
    # A category holds tens of SKUs, so the whole (bounded) Query is read and sorted here: DynamoDB
    # has no offset for page N nor an index per ordering, and the page count needs the total anyway.
    skus = repository.category_skus(category_id)
    if query.ordering in _ORDER_KEYS:
        skus.sort(key=_ORDER_KEYS[query.ordering])
    pages = max(1, math.ceil(len(skus) / query.page_size))
    if query.page > pages:
        raise NotFound("page not found")
    start = (query.page - 1) * query.page_size
    page = [_list_item(s) for s in skus[start : start + query.page_size]]
    return {"count": pages, "list": page, "breadcrumb": categories.breadcrumb(nodes, category_id)}


def _list_item(sku: SkuModel) -> dict[str, Any]:
    return {
        "id": int(sku.sku_id),
        "name": sku.name,
        "price": money(sku.price),
        "default_image_url": sku.default_image_url,
        "sales": int(sku.sales),
        "comments": int(sku.comments),
    }


def to_detail(sku: SkuModel) -> dict[str, Any]:
    """The contract's SKU detail shape."""
    return {
        "id": int(sku.sku_id),
        "name": sku.name,
        "caption": sku.caption,
        "price": money(sku.price),
        "stock": int(sku.stock),
        "sales": int(sku.sales),
        "category_id": int(sku.category_id),
        "spu_id": int(sku.spu_id),
        "default_image_url": sku.default_image_url,
    }


def sku_detail(sku_id: int) -> dict[str, Any]:
    """One SKU; 404 for an unknown id."""
    sku = repository.get_sku(sku_id)
    if sku is None:
        raise NotFound("sku not found")
    return to_detail(sku)


def update_sku(sku_id: int, change: SkuUpdate) -> dict[str, Any]:
    """Set a SKU's stock and/or price (staff upkeep); 404 for an unknown id."""
    return to_detail(repository.update_sku(sku_id, change.stock, change.price))


def load_catalogue(r: redis.Redis, cats: list[CategoryModel], spus: list[SpuModel], skus: list[SkuModel]) -> int:
    """Write catalogue items and drop the cached tree so the next read shows them."""
    written = repository.save_catalogue(cats, spus, skus)
    categories.forget(r)
    return written
