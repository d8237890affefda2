"""Cache-aside in Redis for read-mostly data; an outage falls back to the source."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import redis

from chalicelib.core.observability import logger


def read_through(r: redis.Redis, key: str, ttl_seconds: int, load: Callable[[], Any]) -> Any:
    """Return the cached JSON value, or load it, store it and return it.

    Redis being down costs a source read, never an error: this data lives in DynamoDB.
    """
    try:
        cached = r.get(key)
        if cached is not None:
            return json.loads(cached)
    except redis.RedisError:
        logger.warning("cache unavailable, reading the source", extra={"key": key})
        return load()
    value = load()
    try:
        r.set(key, json.dumps(value, ensure_ascii=False), ex=ttl_seconds)
    except redis.RedisError:
        logger.warning("cache unavailable, not filled", extra={"key": key})
    return value


def invalidate(r: redis.Redis, *keys: str) -> None:
    """Delete cache entries so the next read is fresh."""
    r.delete(*keys)
