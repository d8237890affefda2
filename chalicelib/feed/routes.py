"""Feed routes (seed paths, renran): follows, articles, the home feed, timelines, hot articles, behaviour log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint, Response

from chalicelib.core.auth import optional_principal, require_user
from chalicelib.core.clients import get_redis
from chalicelib.core.errors import field_error
from chalicelib.core.http import ok, parse_body, parse_query, route
from chalicelib.core.settings import get_settings
from chalicelib.feed import articles, behaviour, home, hot, recommendations, relations, timeline
from chalicelib.feed.models import (
    ArticleRequest,
    FocusQuery,
    FocusRequest,
    HomeQuery,
    HotQuery,
    IntervalRequest,
    PeopleQuery,
    RecommendationsQuery,
    RewardRequest,
    StatusQuery,
    SyncQuery,
    TimelineQuery,
)

bp = Blueprint(__name__)
_TOGGLE = {409: "lost a race with another change, or not allowed in this state"}


def _id(raw: str, field: str) -> int:
    if not raw.isdigit() or len(raw) > 12 or int(raw) < 1:
        raise field_error(field, "must be a positive integer")
    return int(raw)


def _now() -> datetime:
    return datetime.now(UTC)


@route(bp, "/article/focus/", query=FocusQuery, auth="optional")
def focus_status() -> dict[str, Any]:
    query = parse_query(bp.current_request, FocusQuery)
    return relations.focus_status(optional_principal(bp.current_request), query.author_id)


@route(bp, "/article/focus/", ["PUT"], body=FocusRequest, auth="user", responses=_TOGGLE)
def toggle_focus() -> dict[str, Any]:
    user = require_user(bp.current_request)
    request = parse_body(bp.current_request, FocusRequest)
    return relations.toggle_focus(user, request, int(_now().timestamp() * 1_000_000))


@route(bp, "/users/{user_id}/followers/", query=PeopleQuery)
def followers(user_id: str) -> dict[str, Any]:
    query = parse_query(bp.current_request, PeopleQuery)
    return relations.people(_id(user_id, "user_id"), query, "followers")


@route(bp, "/users/{user_id}/followees/", query=PeopleQuery)
def followees(user_id: str) -> dict[str, Any]:
    query = parse_query(bp.current_request, PeopleQuery)
    return relations.people(_id(user_id, "user_id"), query, "followees")


@route(bp, "/article/", ["POST"], body=ArticleRequest, auth="user", responses={201: "the draft"})
def create_article() -> Response:
    user = require_user(bp.current_request)
    request = parse_body(bp.current_request, ArticleRequest)
    return ok(201, article=articles.create(user, request, _now()))


@route(bp, "/article/{article_id}/retrieve/", auth="optional")
def retrieve_article(article_id: str) -> dict[str, Any]:
    user = optional_principal(bp.current_request)
    return articles.retrieve(user, _id(article_id, "article_id"))


@route(bp, "/article/{article_id}/", ["PATCH"], auth="user", responses=_TOGGLE)
def toggle_article(article_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    return articles.toggle(get_redis(), user, _id(article_id, "article_id"), _now())


@route(bp, "/article/{article_id}/interval/", ["PATCH"], body=IntervalRequest, auth="user", responses=_TOGGLE)
def schedule_article(article_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    request = parse_body(bp.current_request, IntervalRequest)
    zone = get_settings().business_timezone
    return articles.schedule(user, _id(article_id, "article_id"), request, _now(), zone)


@route(bp, "/push/article/", query=HomeQuery, auth="optional")
def home_feed() -> dict[str, Any]:
    user = optional_principal(bp.current_request)
    query = parse_query(bp.current_request, HomeQuery)
    if user is None:
        return home.guest_page(get_redis(), query.page, query.size)
    return home.unread(get_redis(), user.user_id, query.size, _now())


@route(bp, "/timeline/", query=TimelineQuery, auth="user")
def user_timeline() -> dict[str, Any]:
    user = require_user(bp.current_request)
    query = parse_query(bp.current_request, TimelineQuery)
    return timeline.timeline(user.user_id, query.before, query.size)


@route(bp, "/timeline/sync/", query=SyncQuery, auth="user")
def sync_timeline() -> dict[str, Any]:
    user = require_user(bp.current_request)
    return timeline.sync(user.user_id, parse_query(bp.current_request, SyncQuery).size)


@route(bp, "/article/hot/", query=HotQuery)
def hot_articles() -> dict[str, Any]:
    query = parse_query(bp.current_request, HotQuery)
    return hot.page(get_redis(), query.page, query.size, "/article/hot/")


@route(bp, "/article/log/{article_id}/read/", auth="user", responses=_TOGGLE)
def read_article(article_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    return behaviour.read(user, _id(article_id, "article_id"), _now())


@route(bp, "/article/log/{article_id}/status/", query=StatusQuery, auth="user", responses=_TOGGLE)
def article_status(article_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    query = parse_query(bp.current_request, StatusQuery)
    return behaviour.status(user, _id(article_id, "article_id"), query.type, _now())


# The same with POST, as the seed accepts it: a view of its own, so the API document names each operation once.
@route(bp, "/article/log/{article_id}/status/", ["POST"], query=StatusQuery, auth="user", responses=_TOGGLE)
def post_article_status(article_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    query = parse_query(bp.current_request, StatusQuery)
    return behaviour.status(user, _id(article_id, "article_id"), query.type, _now())


@route(bp, "/article/{article_id}/rewards/", ["POST"], body=RewardRequest, auth="user", responses=_TOGGLE)
def reward_article(article_id: str) -> dict[str, Any]:
    user = require_user(bp.current_request)
    request = parse_body(bp.current_request, RewardRequest)
    return behaviour.reward(user, _id(article_id, "article_id"), request.money, _now())


@route(bp, "/recommendations/", query=RecommendationsQuery, auth="user")
def recommended_articles() -> dict[str, Any]:
    user = require_user(bp.current_request)
    query = parse_query(bp.current_request, RecommendationsQuery)
    return recommendations.page(user.user_id, query.size, _now())
