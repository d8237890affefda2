"""Reading routes: the home feed and timelines (their own blueprint, so the timeline function imports only these)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.feed.reading import home, timeline
from chalicelib.feed.reading.requests import HomeQuery, SyncQuery, TimelineQuery

bp = Blueprint(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


@route(bp, "/push/article/", query=HomeQuery, auth="optional")
def home_feed(user: Principal | None, query: HomeQuery) -> dict[str, Any]:
    if user is None:
        return home.guest_page(get_redis(), query.page, query.size)
    return home.unread(get_redis(), user.user_id, query.size, _now())


@route(bp, "/timeline/", query=TimelineQuery, auth="user")
def user_timeline(user: Principal, query: TimelineQuery) -> dict[str, Any]:
    return timeline.timeline(user.user_id, query.before, query.size)


@route(bp, "/timeline/sync/", query=SyncQuery, auth="user")
def sync_timeline(user: Principal, query: SyncQuery) -> dict[str, Any]:
    return timeline.sync(user.user_id, query.size)
