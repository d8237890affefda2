"""Redis stand-ins for the cache-aside paths: a dictionary, and a server that is down."""

from __future__ import annotations

from typing import Any, cast

import redis


class DictRedis:
    """GET, SET (the expiry is kept, not enforced) and DEL over a dictionary."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.expiry: dict[str, int | None] = {}

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def set(self, key: str, value: Any, ex: int | None = None) -> bool:
        self.values[key], self.expiry[key] = value, ex
        return True

    def delete(self, *keys: str) -> int:
        return sum(self.values.pop(key, None) is not None for key in keys)


class DownRedis:
    """Every command fails as with a stopped server."""

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise redis.ConnectionError(f"{name}: connection refused")

        return fail


def as_redis(fake: DictRedis | DownRedis) -> redis.Redis:
    """The fake, typed as the client the services take."""
    return cast(redis.Redis, fake)
