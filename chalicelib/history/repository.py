"""The history list in Redis under the seed's key `history_<user_id>` (the only code that builds it), and the
SKUs it shows, read from the catalogue's table in one BatchGetItem."""

from __future__ import annotations

from collections.abc import Iterable

import redis

from chalicelib.catalogue.repository import SkuModel
from chalicelib.history.models import HistorySku

KEEP = 5  # the seed keeps five
_SHOWN = ["sku_id", "name", "price", "default_image_url", "comments"]


def _key(user_id: int) -> str:
    return f"history_{user_id}"


def push(r: redis.Redis, user_id: int, sku_id: int) -> list[int]:
    """Move or add a SKU to the front, keep KEEP, and return the list: one round trip, applied atomically."""
    key = _key(user_id)
    # MULTI/EXEC: two tabs recording at once cannot interleave the remove, push and trim into a duplicate.
    with r.pipeline(transaction=True) as pipe:
        pipe.lrem(key, 0, str(sku_id))
        pipe.lpush(key, sku_id)
        pipe.ltrim(key, 0, KEEP - 1)
        pipe.lrange(key, 0, -1)
        *_, ids = pipe.execute()
    return [int(i) for i in ids]


def read(r: redis.Redis, user_id: int) -> list[int]:
    """The user's SKU ids, newest first."""
    return [int(i) for i in r.lrange(_key(user_id), 0, KEEP - 1)]


def skus(sku_ids: Iterable[int]) -> dict[int, HistorySku]:
    """The SKUs to show, by id, in one BatchGetItem (at most KEEP); unknown ids are absent."""
    keys = list(dict.fromkeys(int(i) for i in sku_ids))
    if not keys:
        return {}
    found = SkuModel.batch_get(keys, attributes_to_get=_SHOWN)
    return {
        int(s.sku_id): HistorySku(int(s.sku_id), s.name, s.price, s.default_image_url or "", int(s.comments or 0))
        for s in found
    }
