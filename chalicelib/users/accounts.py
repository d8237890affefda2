"""A user's standing as authorisation needs it, re-read from the user record and cached per container briefly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from chalicelib.core.settings import get_settings
from chalicelib.users import repository
from chalicelib.users.models import Standing

Lookup = Callable[[int], Standing | None]
_cache: dict[int, tuple[float, Standing | None]] = {}
_lock = threading.Lock()
_MAX_ENTRIES = 10_000  # a warm container serving many users keeps memory bounded


def standing(
    user_id: int, lookup: Lookup = repository.standing, now: Callable[[], float] = time.monotonic
) -> Standing | None:
    """The user's staff flag, active flag and token version, at most AUTH_CACHE_SECONDS old; None if gone."""
    ttl = get_settings().auth_cache_seconds
    with _lock:
        hit = _cache.get(user_id)
    if hit is not None and now() - hit[0] < ttl:
        return hit[1]
    found = lookup(user_id)
    with _lock:
        if len(_cache) >= _MAX_ENTRIES:
            _cache.clear()
        _cache[user_id] = (now(), found)
    return found


def forget(user_id: int | None = None) -> None:
    """Drop cached standings (this container just changed one, or a test wants a fresh read)."""
    with _lock:
        if user_id is None:
            _cache.clear()
        else:
            _cache.pop(user_id, None)
