"""Hot articles: public ones by reward, comment and like counts, then id, cached briefly in Redis."""

from __future__ import annotations

from typing import Any

import redis

from chalicelib.core.cache import invalidate, read_through
from chalicelib.core.links import drf_page
from chalicelib.core.observability import logger
from chalicelib.feed.articles import repository
from chalicelib.feed.articles.models import PUBLIC
from chalicelib.feed.articles.presenters import feed_item
from chalicelib.feed.articles.repository import Articles

CACHE_KEY = "feed:hot"
# Short, and dropped when an article goes private: a private article must not linger in anyone's list.
CACHE_SECONDS = 30
POOL = 500  # the newest public articles are ranked; older ones have had their time


def _rank(articles: Articles) -> list[dict[str, Any]]:
    found = articles.many(articles.public_ids(POOL))
    live = [a for a in found.values() if a.status == PUBLIC]
    live.sort(key=lambda a: (a.reward_count, a.comment_count, a.like_count, a.article_id), reverse=True)
    return [feed_item(a, "hot") for a in live]


def ranking(r: redis.Redis, *, articles: Articles = repository) -> list[dict[str, Any]]:
    """The hot list as feed items (source "hot"); Redis down means a fresh ranking, not an error."""
    return list(read_through(r, CACHE_KEY, CACHE_SECONDS, lambda: _rank(articles)))


def forget(r: redis.Redis) -> None:
    """Drop the cached ranking (an article left it); with Redis down it expires by itself within seconds."""
    try:
        invalidate(r, CACHE_KEY)
    except redis.RedisError:
        logger.warning("hot ranking not invalidated", exc_info=True)


def page(r: redis.Redis, number: int, size: int, path: str, *, articles: Articles = repository) -> dict[str, Any]:
    """One DRF page of the hot list."""
    return drf_page(ranking(r, articles=articles), number, size, path, {})
