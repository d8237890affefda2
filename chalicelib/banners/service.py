"""Banner use cases: cache-aside reads, delete-on-write, and the timed refresh (the seed's Celery beat task)."""

from __future__ import annotations

import json
from typing import Any, Protocol

import redis

from chalicelib.banners import repository
from chalicelib.banners.models import Banner, BannerRequest
from chalicelib.core.cache import invalidate, read_through
from chalicelib.core.clients import get_redis
from chalicelib.core.links import media_url
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings

# Seed 003's key: its view and its beat task both use "banner_list" (seed 002's task wrote "home_banner_list",
# a key no view read, so that refresh never reached the page).
CACHE_KEY = "banner_list"


class Banners(Protocol):
    """Where banners are kept (the DynamoDB table is `repository`)."""

    def list_banners(self, shown_only: bool) -> list[Banner]: ...
    def create(self, values: dict[str, Any]) -> Banner: ...
    def replace(self, banner_id: int, values: dict[str, Any]) -> Banner: ...
    def delete(self, banner_id: int) -> None: ...


def _ttl() -> int:
    # Twice the refresh period: the schedule normally rewrites the key first, and should it stop running,
    # a stale list still cannot outlive two periods.
    return 2 * 60 * get_settings().banner_refresh_minutes


def _public(banner: Banner) -> dict[str, Any]:
    return {
        "id": banner.banner_id,
        "title": banner.title,
        "image": media_url(banner.image),
        "link": banner.link,
        "orders": banner.orders,
    }


def to_admin(banner: Banner) -> dict[str, Any]:
    """A banner as staff wrote it (image as stored), with its `is_show` flag."""
    return {**_public(banner), "image": banner.image, "is_show": banner.is_show}


def _shown(banners: Banners) -> list[dict[str, Any]]:
    return [_public(b) for b in banners.list_banners(shown_only=True)]


def banner_list(r: redis.Redis, banners: Banners = repository) -> list[dict[str, Any]]:
    """The shown banners by `orders`, from the cache; a miss (or Redis down) reads the table.

    A reader that missed may store a list read just before a concurrent write; the timed refresh
    bounds how long such a list lives (the seed's third consistency remedy backing the first).
    """
    return list(read_through(r, CACHE_KEY, _ttl(), lambda: _shown(banners)))


def renran_banners(r: redis.Redis) -> list[dict[str, Any]]:
    """The same shown banners for renran's home page, each with `is_http`: its link leaves the site (new tab)."""
    return [{**b, "is_http": b["link"].startswith(("http://", "https://"))} for b in banner_list(r)]


def all_banners(banners: Banners = repository) -> list[dict[str, Any]]:
    """Every banner, hidden ones too, for staff."""
    return [to_admin(b) for b in banners.list_banners(shown_only=False)]


def _forget(r: redis.Redis) -> None:
    # Delete on write (the seed's first remedy). The table write already succeeded, so a Redis outage
    # must not fail the request; the scheduled refresh rewrites the key within one period.
    try:
        invalidate(r, CACHE_KEY)
    except redis.RedisError:
        logger.warning("banner cache not invalidated; the scheduled refresh will repair it", exc_info=True)


def create(r: redis.Redis, req: BannerRequest, banners: Banners = repository) -> dict[str, Any]:
    """Add a banner; the next GET shows it."""
    banner = banners.create(req.model_dump())
    _forget(r)
    return to_admin(banner)


def update(r: redis.Redis, banner_id: int, req: BannerRequest, banners: Banners = repository) -> dict[str, Any]:
    """Replace a banner's fields; 404 for an unknown id."""
    banner = banners.replace(banner_id, req.model_dump())
    _forget(r)
    return to_admin(banner)


def delete(r: redis.Redis, banner_id: int, banners: Banners = repository) -> None:
    """Remove a banner; 404 for an unknown id."""
    banners.delete(banner_id)
    _forget(r)


def refresh_banner_cache(r: redis.Redis | None = None, banners: Banners = repository) -> int:
    """Reload the shown banners into the cache (the scheduled job); returns how many were cached.

    A Redis failure propagates, so a failed run is an error in the function's logs and metrics.
    """
    shown = _shown(banners)
    client = r if r is not None else get_redis()
    client.set(CACHE_KEY, json.dumps(shown, ensure_ascii=False), ex=_ttl())
    logger.info("banner cache refreshed", extra={"banners": len(shown)})
    return len(shown)
