"""Articles as the API shows them: the detail, and the seed's feed item (home serializer plus `source`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.core.links import media_url
from chalicelib.core.settings import get_settings
from chalicelib.feed.articles.models import COUNTERS, PUBLIC, Article
from chalicelib.feed.collections.models import Collection


def local_time(value: datetime | None) -> str | None:
    """ISO 8601 in the business time zone, with its offset."""
    return value.astimezone(ZoneInfo(get_settings().business_timezone)).isoformat() if value else None


def author(article: Article) -> dict[str, Any]:
    """The seed's nested user; the avatar and nickname are the ones copied onto the article at publish."""
    avatar = media_url(article.author_avatar) if article.author_avatar else None
    return {
        "id": article.author_id,
        "username": article.author_name,
        "nickname": article.author_nickname,
        "avatar": avatar,
    }


def _counters(article: Article) -> dict[str, int]:
    return {name: getattr(article, name) for name in COUNTERS}


def detail(article: Article, collection: Collection | None = None) -> dict[str, Any]:
    """An article for its author or a reader; the collection's name where the operation has read it."""
    name = collection.name if collection is not None and collection.collection_id == article.collection_id else None
    return {
        "id": article.article_id,
        "title": article.title,
        "content": article.content,
        "html_content": article.html_content,
        "user": author(article),
        "status": article.status,
        "is_public": article.status == PUBLIC,
        "pub_date": local_time(article.pub_date),
        **_counters(article),
        "collection": {"id": article.collection_id, "name": name},
        "created_at": local_time(article.created_at),
        "created_time": local_time(article.created_at),  # the renran page's name for it
    }


def feed_item(article: Article, source: str) -> dict[str, Any]:
    """An article in a feed list: `source` is "follow", "recommend" or "hot"."""
    return {
        "id": article.article_id,
        "title": article.title,
        "html_content": article.html_content,
        "user": author(article),
        "pub_date": local_time(article.pub_date),
        **_counters(article),
        "source": source,
    }
