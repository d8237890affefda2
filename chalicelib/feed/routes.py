"""Feed routes (seed paths, renran): follows, articles, the home feed, timelines and hot articles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint, Response

from chalicelib.core.auth import optional_principal, require_user
from chalicelib.core.clients import get_redis
from chalicelib.core.errors import field_error
from chalicelib.core.http import ok, parse_body, parse_query, route
from chalicelib.core.settings import get_settings
from chalicelib.feed import articles, home, hot, relations, timeline
from chalicelib.feed.models import (
    ArticleRequest,
    FocusQuery,
    FocusRequest,
    HomeQuery,
    HotQuery,
    IntervalRequest,
    PeopleQuery,
    SyncQuery,
    TimelineQuery,
)

bp = Blueprint(__name__)


def _id(raw: str, field: str) -> int:
    if not raw.isdigit() or len(raw) > 12 or int(raw) < 1:
        raise field_error(field, "must be a positive integer")
    return int(raw)


def _now() -> datetime:
    return datetime.now(UTC)


@route(bp, "/article/focus/")
def focus_status() -> dict[str, Any]:
    query = parse_query(bp.current_request, FocusQuery)
    return relations.focus_status(optional_principal(bp.current_request), query.author_id)


@route(bp, "/article/focus/", methods=["PUT"])
def toggle_focus() -> dict[str, Any]:
    user = require_user(bp.current_request)
    request = parse_body(bp.current_request, FocusRequest)
    return relations.toggle_focus(user, request, int(_now().timestamp() * 1_000_000))


@route(bp, "/users/{user_id}/followers/")
def followers(user_id: str) -> dict[str, Any]:
    query = parse_query(bp.current_request, PeopleQuery)
    return relations.people(_id(user_id, "user_id"), query, "followers")


@route(bp, "/users/{user_id}/followees/")
def followees(user_id: str) -> dict[str, Any]:
    query = parse_query(bp.current_request, PeopleQuery)
    return relations.people(_id(user_id, "user_id"), query, "followees")


@route(bp, "/article/", methods=["POST"])
def create_article() -> Response:
    user = require_user(bp.current_request)
    request = parse_body(bp.current_request, ArticleRequest)
    return ok(201, article=articles.create(user, request, _now()))


@route(bp, "/article/{article_id}/retrieve/")
def retrieve_article(article_id: str) -> dict[str, Any]:
    user = optional_principal(bp.current_request)
    return articles.retrieve(user, _id(article_id, "article_id"))


@route(bp, "/article/{article_id}/", methods=["PATCH"])
def toggle_article(article_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    return articles.toggle(get_redis(), user, _id(article_id, "article_id"), _now())


@route(bp, "/article/{article_id}/interval/", methods=["PATCH"])
def schedule_article(article_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    request = parse_body(bp.current_request, IntervalRequest)
    zone = get_settings().business_timezone
    return articles.schedule(user, _id(article_id, "article_id"), request, _now(), zone)


@route(bp, "/push/article/")
def home_feed() -> dict[str, Any]:
    user = optional_principal(bp.current_request)
    query = parse_query(bp.current_request, HomeQuery)
    if user is None:
        return home.guest_page(get_redis(), query.page, query.size)
    return home.unread(get_redis(), user.user_id, query.size)


@route(bp, "/timeline/")
def user_timeline() -> dict[str, Any]:
    user = require_user(bp.current_request)
    query = parse_query(bp.current_request, TimelineQuery)
    return timeline.timeline(user.user_id, query.before, query.size)


@route(bp, "/timeline/sync/")
def sync_timeline() -> dict[str, Any]:
    user = require_user(bp.current_request)
    return timeline.sync(user.user_id, parse_query(bp.current_request, SyncQuery).size)


@route(bp, "/article/hot/")
def hot_articles() -> dict[str, Any]:
    query = parse_query(bp.current_request, HotQuery)
    return hot.page(get_redis(), query.page, query.size, "/article/hot/")
