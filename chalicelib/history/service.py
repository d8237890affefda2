"""Browsing history use cases: record a viewed SKU, list the recent ones."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import redis

from chalicelib.core.errors import NotFound
from chalicelib.core.links import media_url
from chalicelib.core.money import money
from chalicelib.history import repository
from chalicelib.history.models import HistorySku

SkuLookup = Callable[[list[int]], Mapping[int, HistorySku]]


def _shown(ids: list[int], skus: Mapping[int, HistorySku]) -> dict[str, Any]:
    # A SKU removed from the catalogue since it was viewed is skipped rather than shown empty.
    return {
        "skus": [
            {
                "id": sku_id,
                "name": skus[sku_id].name,
                "price": money(skus[sku_id].price),
                "default_image_url": media_url(skus[sku_id].default_image_url),
                "comments": skus[sku_id].comments,
            }
            for sku_id in ids
            if sku_id in skus
        ]
    }


def record(r: redis.Redis, user_id: int, sku_id: int, lookup: SkuLookup = repository.skus) -> dict[str, Any]:
    """Put a SKU at the front of the user's history; 404 for an unknown SKU. Returns the history."""
    found = dict(lookup([sku_id]))
    if sku_id not in found:
        raise NotFound("sku not found")
    ids = repository.push(r, user_id, sku_id)
    older = [i for i in ids if i not in found]
    if older:
        found.update(lookup(older))
    return _shown(ids, found)


def recent(r: redis.Redis, user_id: int, lookup: SkuLookup = repository.skus) -> dict[str, Any]:
    """The user's last five distinct SKUs, newest first."""
    ids = repository.read(r, user_id)
    return _shown(ids, lookup(ids) if ids else {})
