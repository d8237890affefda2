"""Notification use cases: a DRF page of a user's groups, their counts, all seen, one read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from chalicelib.core.errors import NotFound
from chalicelib.core.links import absolute_url, media_url
from chalicelib.core.settings import get_settings
from chalicelib.feed.notices import repository
from chalicelib.feed.notices.models import GROUP_ID, Actor, Group
from chalicelib.feed.notices.repository import LIST_DEPTH, Notices

PATH = "/notifications/"


def _actor(actor: Actor) -> dict[str, Any]:
    avatar = media_url(actor.avatar) if actor.avatar else None
    return {"id": actor.id, "username": actor.username, "nickname": actor.nickname, "avatar": avatar}


def present(group: Group, seen_rank: int) -> dict[str, Any]:
    """A group as the contract shows it; the time in the business time zone."""
    zone = ZoneInfo(get_settings().business_timezone)
    article = {"id": group.article_id, "title": group.article_title} if group.article_id is not None else None
    return {
        "id": group.id,
        "verb": group.verb,
        "article": article,
        "actors": [_actor(a) for a in group.actors],
        "actor_count": group.actor_count,
        "activity_count": group.activity_count,
        "updated_at": datetime.fromtimestamp(group.updated_at, UTC).astimezone(zone).isoformat(),
        "is_seen": group.is_seen(seen_rank),
        "is_read": group.is_read,
    }


def _link(page: int, size: int) -> str:
    return f"{absolute_url(PATH)}?{urlencode({'page': page, 'size': size})}"


def page(user_id: int, number: int, size: int, *, notices: Notices = repository) -> dict[str, Any]:
    """One DRF page of the user's groups, newest activity first, among the newest LIST_DEPTH (two requests)."""
    groups, counts = notices.newest(user_id, number * size)
    count = min(counts.groups, LIST_DEPTH)
    last = max(1, -(-count // size))
    if number > last:
        raise NotFound("invalid page")
    start = (number - 1) * size
    return {
        "count": count,
        "next": _link(number + 1, size) if number < last else None,
        "previous": _link(number - 1, size) if number > 1 else None,
        "results": [present(g, counts.seen_rank) for g in groups[start : start + size]],
    }


def counts(user_id: int, *, notices: Notices = repository) -> dict[str, Any]:
    """How many groups are unseen and unread (one GetItem)."""
    found = notices.counts(user_id)
    return {"unseen": found.unseen, "unread": found.unread}


def mark_seen(user_id: int, *, notices: Notices = repository) -> dict[str, Any]:
    """Every group seen (one UpdateItem); the counts after."""
    found = notices.mark_seen(user_id)
    return {"unseen": found.unseen, "unread": found.unread}


def mark_read(user_id: int, group_id: str, *, notices: Notices = repository) -> dict[str, Any]:
    """One of the user's groups read and seen; 404 for an unknown id or another user's group."""
    if not GROUP_ID.match(group_id) or not notices.mark_read(user_id, group_id):
        raise NotFound("notification not found")
    return {"detail": "read"}
