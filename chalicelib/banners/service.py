"""Banner use cases: cache-aside reads, delete-on-write, and the timed refresh (the seed's Celery beat task)."""

from __future__ import annotations

import json
from typing import Any

import redis

from chalicelib.core.cache import invalidate, read_through
from chalicelib.core.clients import get_redis
from chalicelib.core.links import absolute_url
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings
from chalicelib.home import repository
from chalicelib.home.models import BannerRequest

# Seed 003's key: its view and its beat task both use "banner_list" (seed 002's task wrote "home_banner_list",
# a key no view read, so that refresh never reached the page).
CACHE_KEY = "banner_list"


def _ttl() -> int:
    # Twice the refresh period: the schedule normally rewrites the key first, and should it stop running,
    # a stale list still cannot outlive two periods.
    return 2 * 60 * get_settings().banner_refresh_minutes


def _public(banner: repository.BannerModel) -> dict[str, Any]:
    return {
        "id": int(banner.banner_id),
        "title": banner.title,
        "image": absolute_url(banner.image),
        "link": banner.link,
        "orders": int(banner.orders),
    }


def to_admin(banner: repository.BannerModel) -> dict[str, Any]:
    """A banner as staff wrote it (image as stored), with its `is_show` flag."""
    return {**_public(banner), "image": banner.image, "is_show": bool(banner.is_show)}


def _load() -> list[dict[str, Any]]:
    return [_public(b) for b in repository.list_banners(shown_only=True)]


def banner_list(r: redis.Redis) -> list[dict[str, Any]]:
    """The shown banners by `orders`, from the cache; a miss (or Redis down) reads the table.

    A reader that missed may store a list read just before a concurrent write; the timed refresh
    bounds how long such a list lives (the seed's third consistency remedy backing the first).
    """
    return list(read_through(r, CACHE_KEY, _ttl(), _load))


def all_banners() -> list[dict[str, Any]]:
    """Every banner, hidden ones too, for staff."""
    return [to_admin(b) for b in repository.list_banners(shown_only=False)]


def _forget(r: redis.Redis) -> None:
    # Delete on write (the seed's first remedy). The table write already succeeded, so a Redis outage
    # must not fail the request; the scheduled refresh rewrites the key within one period.
    try:
        invalidate(r, CACHE_KEY)
    except redis.RedisError:
        logger.warning("banner cache not invalidated; the scheduled refresh will repair it", exc_info=True)


def create(r: redis.Redis, req: BannerRequest) -> dict[str, Any]:
    """Add a banner; the next GET shows it."""
    banner = repository.create(req.model_dump())
    _forget(r)
    return to_admin(banner)


def update(r: redis.Redis, banner_id: int, req: BannerRequest) -> dict[str, Any]:
    """Replace a banner's fields; 404 for an unknown id."""
    banner = repository.replace(banner_id, req.model_dump())
    _forget(r)
    return to_admin(banner)


def delete(r: redis.Redis, banner_id: int) -> None:
    """Remove a banner; 404 for an unknown id."""
    repository.delete(banner_id)
    _forget(r)


def refresh_banner_cache(r: redis.Redis | None = None) -> int:
    """Reload the shown banners into the cache (the scheduled job); returns how many were cached.

    A Redis failure propagates, so a failed run is an error in the function's logs and metrics.
    """
    banners = _load()
    client = r if r is not None else get_redis()
    client.set(CACHE_KEY, json.dumps(banners, ensure_ascii=False), ex=_ttl())
    logger.info("banner cache refreshed", extra={"banners": len(banners)})
    return len(banners)
