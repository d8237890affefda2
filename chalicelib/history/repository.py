"""The history list in Redis under the seed's key `history_<user_id>`; the only code that builds it."""

from __future__ import annotations

import redis

KEEP = 5  # the seed keeps five


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
