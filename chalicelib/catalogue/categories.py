"""The category tree in the seed's home-page shape, cached in Redis and invalidated on writes."""

from __future__ import annotations

import json
from typing import Any, Protocol

import redis

from chalicelib.catalogue import category_repository
from chalicelib.catalogue.models import Category
from chalicelib.core.cache import invalidate, read_through
from chalicelib.core.observability import logger

CACHE_KEY = "categories"
# Writes invalidate the entry, so its lifetime is only a safety net against a missed invalidation.
CACHE_SECONDS = 24 * 3600


class Categories(Protocol):
    """Where the tree is read from on a cache miss (the DynamoDB one is `category_repository`)."""

    def all_categories(self) -> list[Category]: ...
    def get_category(self, category_id: int) -> Category | None: ...


def _node(category: Category) -> dict[str, Any]:
    node: dict[str, Any] = {"name": category.name, "parent_id": category.parent_id, "level": category.level}
    if category.off_sale:  # only where there are some, so the cached tree stays as small as it was
        node["off_sale"] = sorted(category.off_sale)
    return node


def off_sale(nodes: dict[str, Any], category_id: int) -> frozenset[int]:
    """The ids of a category's SKUs that are off sale, as the tree's nodes hold them."""
    return frozenset(nodes[str(category_id)].get("off_sale", ()))


def _sub_cats(children: dict[int | None, list[Category]], parent_id: int) -> list[dict[str, Any]]:
    subs = []
    for cat2 in children.get(parent_id, []):
        leaves = [{"id": c.category_id, "name": c.name} for c in children.get(cat2.category_id, [])]
        subs.append({"id": cat2.category_id, "name": cat2.name, "sub_cats": leaves})
    return subs


def build_tree(categories: list[Category]) -> dict[str, Any]:
    """`groups`: the seed's `{group_id: {channels, sub_cats}}`; `nodes`: every category by id (for lookups)."""
    ordered = sorted(categories, key=lambda c: c.category_id)
    children: dict[int | None, list[Category]] = {}
    for category in ordered:
        children.setdefault(category.parent_id, []).append(category)
    channels = [c for c in children.get(None, []) if c.group_id is not None]
    channels.sort(key=lambda c: (c.group_id or 0, c.sequence or 0, c.category_id))
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for cat1 in channels:
        group = groups.setdefault(str(cat1.group_id), {"channels": [], "sub_cats": []})
        group["channels"].append({"id": cat1.category_id, "name": cat1.name, "url": cat1.url or ""})
        group["sub_cats"].extend(_sub_cats(children, cat1.category_id))
    return {"groups": groups, "nodes": {str(c.category_id): _node(c) for c in ordered}}


def tree(r: redis.Redis, categories: Categories = category_repository) -> dict[str, Any]:
    """The whole tree, from the cache or (on a miss or a Redis outage) from the table."""
    return dict(read_through(r, CACHE_KEY, CACHE_SECONDS, lambda: build_tree(categories.all_categories())))


def node(r: redis.Redis, category_id: int, categories: Categories = category_repository) -> dict[str, Any] | None:
    """One category's `{name, parent_id, level}` without reading the whole table when Redis is down."""
    try:
        cached = r.get(CACHE_KEY)
    except redis.RedisError:
        # One GetItem keeps the answer exact; re-reading the whole table on every call during an outage would not.
        logger.warning("category cache unavailable, reading one category", extra={"category_id": category_id})
        found = categories.get_category(category_id)
        return _node(found) if found is not None else None
    data = json.loads(cached) if cached is not None else tree(r, categories)
    found_node: dict[str, Any] | None = data["nodes"].get(str(category_id))
    return found_node


def breadcrumb(nodes: dict[str, Any], category_id: int) -> dict[str, str]:
    """The names of a third-level category and its ancestors as `{cat1, cat2, cat3}`."""
    cat3 = nodes[str(category_id)]
    cat2 = nodes[str(cat3["parent_id"])]
    cat1 = nodes[str(cat2["parent_id"])]
    return {"cat1": cat1["name"], "cat2": cat2["name"], "cat3": cat3["name"]}


def forget(r: redis.Redis) -> None:
    """Drop the cached tree after a write, so the next read sees it."""
    invalidate(r, CACHE_KEY)
