"""Catalogue use cases: the category tree, a category's SKU list and best sellers, one SKU, staff upkeep, loading."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

import redis

from chalicelib.catalogue import categories, category_repository, repository
from chalicelib.catalogue.category_repository import CategoryModel
from chalicelib.catalogue.models import Sku, SkuListing
from chalicelib.catalogue.repository import SkuModel, SpuModel
from chalicelib.catalogue.requests import SkuListQuery, SkuUpdate
from chalicelib.core.errors import NotFound
from chalicelib.core.links import media_url
from chalicelib.core.money import money

# In-memory orderings of one category's SKUs; the index already yields them newest first, and a
# stable sort keeps that order among equal prices or sales.
_ORDER_KEYS: dict[str, Callable[[SkuListing], Decimal | int]] = {
    "price": lambda s: s.price,
    "-sales": lambda s: -s.sales,
}
# How many best sellers the meiduo list and detail pages' sidebar shows.
HOT_SKUS = 2


class Catalogue(Protocol):
    """What the catalogue use cases need of SKU storage (the DynamoDB one is `repository`).

    The category tree comes from a `categories.Categories` (the DynamoDB one is `category_repository`).
    """

    def category_skus(self, category_id: int) -> list[SkuListing]: ...
    def get_sku(self, sku_id: int) -> Sku | None: ...
    def update_sku(
        self, sku_id: int, stock: int | None, price: Decimal | None, is_launched: bool | None = None
    ) -> Sku: ...


def category_groups(r: redis.Redis, tree_from: categories.Categories = category_repository) -> dict[str, Any]:
    """The home page's channels and categories by group (the seed's shape)."""
    return dict(categories.tree(r, tree_from)["groups"])


def _leaf_nodes(r: redis.Redis, category_id: int, tree_from: categories.Categories) -> dict[str, Any]:
    """The tree's nodes (cached), after checking `category_id` names a third-level category (SKUs hang only there)."""
    nodes: dict[str, Any] = categories.tree(r, tree_from)["nodes"]
    node = nodes.get(str(category_id))
    if node is None or node["level"] != 3:
        raise NotFound("category not found")
    return nodes


def sku_list(
    r: redis.Redis,
    category_id: int,
    query: SkuListQuery,
    catalogue: Catalogue = repository,
    tree_from: categories.Categories = category_repository,
) -> dict[str, Any]:
    """One page of a third-level category's SKUs, the number of pages and the breadcrumb; 404 otherwise."""
    nodes = _leaf_nodes(r, category_id, tree_from)
    # A category holds tens of SKUs, so the whole (bounded) Query is read and sorted here: DynamoDB
    # has no offset for page N nor an index per ordering, and the page count needs the total anyway.
    skus = _on_sale(catalogue.category_skus(category_id), categories.off_sale(nodes, category_id))
    if query.ordering in _ORDER_KEYS:
        skus.sort(key=_ORDER_KEYS[query.ordering])
    pages = max(1, math.ceil(len(skus) / query.page_size))
    if query.page > pages:
        raise NotFound("page not found")
    start = (query.page - 1) * query.page_size
    page = [_list_item(s) for s in skus[start : start + query.page_size]]
    return {"count": pages, "list": page, "breadcrumb": categories.breadcrumb(nodes, category_id)}


def hot_skus(
    r: redis.Redis,
    category_id: int,
    catalogue: Catalogue = repository,
    tree_from: categories.Categories = category_repository,
) -> list[dict[str, Any]]:
    """The list and detail pages' sidebar: a third-level category's HOT_SKUS best sellers; 404 otherwise.

    The list's own read (the cached tree, one index Query), ranked here by sales, then id so ties never reorder
    between calls. Only SKUs on sale, as on the list page; a sold-out one stays, as the seed filtered on
    is_launched, not stock.
    """
    nodes = _leaf_nodes(r, category_id, tree_from)
    listed = _on_sale(catalogue.category_skus(category_id), categories.off_sale(nodes, category_id))
    best = sorted(listed, key=lambda s: (-s.sales, s.sku_id))[:HOT_SKUS]
    return [
        {"id": s.sku_id, "name": s.name, "price": money(s.price), "default_image_url": media_url(s.default_image_url)}
        for s in best
    ]


def _on_sale(skus: list[SkuListing], off_sale: frozenset[int]) -> list[SkuListing]:
    """The SKUs on sale (is_launched): the index does not project it, the cached tree holds the category's others."""
    return [s for s in skus if s.sku_id not in off_sale]


def _list_item(sku: SkuListing) -> dict[str, Any]:
    return {
        "id": sku.sku_id,
        "name": sku.name,
        "price": money(sku.price),
        "default_image_url": media_url(sku.default_image_url),
        "sales": sku.sales,
        "comments": sku.comments,
    }


def to_detail(sku: Sku) -> dict[str, Any]:
    """The contract's SKU detail shape."""
    return {
        "id": sku.sku_id,
        "name": sku.name,
        "caption": sku.caption,
        "price": money(sku.price),
        "stock": sku.stock,
        "sales": sku.sales,
        "category_id": sku.category_id,
        "spu_id": sku.spu_id,
        "default_image_url": media_url(sku.default_image_url),
    }


def sku_detail(sku_id: int, catalogue: Catalogue = repository) -> dict[str, Any]:
    """One SKU; 404 for an unknown id."""
    sku = catalogue.get_sku(sku_id)
    if sku is None:
        raise NotFound("sku not found")
    return to_detail(sku)


def update_sku(r: redis.Redis, sku_id: int, change: SkuUpdate, catalogue: Catalogue = repository) -> dict[str, Any]:
    """Set a SKU's stock, price and/or sale state (staff upkeep); 404 for an unknown id."""
    sku = catalogue.update_sku(sku_id, change.stock, change.price, change.is_launched)
    if change.is_launched is not None:
        categories.forget(r)  # the cached tree holds each category's off-sale SKUs
    return to_detail(sku)


def load_catalogue(r: redis.Redis, cats: list[CategoryModel], spus: list[SpuModel], skus: list[SkuModel]) -> int:
    """Write catalogue items as stored (loading data) and drop the cached tree so the next read shows them."""
    written = repository.save_catalogue(cats, spus, skus)
    categories.forget(r)
    return written


def rebuild_off_sale(r: redis.Redis) -> int:
    """Rebuild every category's off-sale set from the SKUs: once after upgrading (SKUs taken off sale before the
    categories held them), as staff's writes keep the sets since; returns how many categories changed."""
    changed = category_repository.set_off_sale(repository.off_sale_by_category())
    categories.forget(r)
    return changed
