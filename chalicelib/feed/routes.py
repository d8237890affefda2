"""Feed routes (seed paths, renran): follows, articles, collections, home feed, timelines, hot, behaviour log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint, Response

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings
from chalicelib.feed.articles import service as articles
from chalicelib.feed.articles import writing
from chalicelib.feed.collections import service as collections
from chalicelib.feed.follows import service as follows
from chalicelib.feed.follows.requests import PeopleQuery
from chalicelib.feed.models import (
    ArticleInfoRequest,
    ArticleRequest,
    ArticleSaveRequest,
    CollectionRequest,
    HotQuery,
    IntervalRequest,
    NewArticleRequest,
    RecommendationsQuery,
    StatusQuery,
)
from chalicelib.feed.reading import hot
from chalicelib.feed.recommendations import behaviour
from chalicelib.feed.recommendations import service as recommendations
from chalicelib.feed.rewards import RewardRequest

bp = Blueprint(__name__)
_TOGGLE = {409: "lost a race with another change, or not allowed in this state"}


def _now() -> datetime:
    return datetime.now(UTC)


@route(bp, "/users/{user_id}/followers/", query=PeopleQuery)
def followers(user_id: int, query: PeopleQuery) -> dict[str, Any]:
    return follows.people(user_id, query, "followers")


@route(bp, "/users/{user_id}/followees/", query=PeopleQuery)
def followees(user_id: int, query: PeopleQuery) -> dict[str, Any]:
    return follows.people(user_id, query, "followees")


_WRITE = {409: "the collection is full (100 articles) or was deleted meanwhile"}


@route(bp, "/article/", ["POST"], body=ArticleRequest, auth="user", responses={201: "the draft", **_WRITE})
def create_article(user: Principal, body: ArticleRequest) -> Response:
    return ok(201, article=articles.create(user, body, _now()))


@route(bp, "/article/{article_id}/", ["PUT"], body=ArticleSaveRequest, auth="user", responses={**_TOGGLE, **_WRITE})
def save_article(user: Principal, article_id: int, body: ArticleSaveRequest) -> dict[str, Any]:
    # renran's writer page sends {collection} to move; the earlier save of title and text still arrives here too.
    return writing.save(user, article_id, body, _now())


@route(bp, "/article/{article_id}/info/", ["PUT"], body=ArticleInfoRequest, auth="user")
def save_article_info(user: Principal, article_id: int, body: ArticleInfoRequest) -> dict[str, Any]:
    return writing.save_info(user, article_id, body)


@route(bp, "/article/{article_id}/retrieve/", auth="optional")
def retrieve_article(user: Principal | None, article_id: int) -> dict[str, Any]:
    return articles.retrieve(user, article_id)


@route(bp, "/article/{article_id}/", ["PATCH"], auth="user", responses=_TOGGLE)
def toggle_article(user: Principal, article_id: int) -> dict[str, Any]:
    return articles.toggle(get_redis(), user, article_id, _now())


@route(bp, "/article/{article_id}/interval/", ["PATCH"], body=IntervalRequest, auth="user", responses=_TOGGLE)
def schedule_article(user: Principal, article_id: int, body: IntervalRequest) -> dict[str, Any]:
    return articles.schedule(user, article_id, body, _now(), get_settings().business_timezone)


@route(bp, "/article/collection/", auth="user", bare_answer="list")
def list_collections(user: Principal) -> list[dict[str, Any]]:
    # renran's writer page reads the body itself as the list (DRF's unpaginated ListAPIView).
    return collections.listing(user, _now())


@route(bp, "/article/collection/", ["POST"], body=CollectionRequest, auth="user", responses={201: "the collection"})
def create_collection(user: Principal, body: CollectionRequest) -> Response:
    return ok(201, **collections.create(user, body, _now()))


@route(bp, "/article/collection/{collection_id}/", ["PUT"], body=CollectionRequest, auth="user")
def rename_collection(user: Principal, collection_id: int, body: CollectionRequest) -> dict[str, Any]:
    return collections.rename(user, collection_id, body)


_NOT_EMPTY = {409: "the collection holds articles, or is the default"}


@route(bp, "/article/collection/{collection_id}/", ["DELETE"], auth="user", responses=_NOT_EMPTY)
def delete_collection(user: Principal, collection_id: int) -> dict[str, Any]:
    return collections.delete(user, collection_id)


@route(bp, "/article/collection/{collection_id}/articles/", auth="user", bare_answer="list")
def collection_articles(user: Principal, collection_id: int) -> list[dict[str, Any]]:
    return writing.in_order(user, collection_id)


@route(
    bp,
    "/article/collection/{collection_id}/articles/",
    ["POST"],
    body=NewArticleRequest,
    auth="user",
    responses={201: "the new private article", **_WRITE},
)
def add_collection_article(user: Principal, collection_id: int, body: NewArticleRequest) -> Response:
    return ok(201, **writing.add(user, collection_id, body, _now()))


@route(bp, "/article/hot/", query=HotQuery)
def hot_articles(query: HotQuery) -> dict[str, Any]:
    return hot.page(get_redis(), query.page, query.size, "/article/hot/")


@route(bp, "/article/log/{article_id}/read/", auth="user", responses=_TOGGLE)
def read_article(user: Principal, article_id: int) -> dict[str, Any]:
    return behaviour.read(user, article_id, _now())


@route(bp, "/article/log/{article_id}/status/", query=StatusQuery, auth="user", responses=_TOGGLE)
def article_status(user: Principal, article_id: int, query: StatusQuery) -> dict[str, Any]:
    return behaviour.status(user, article_id, query.type, _now())


# The same with POST, as the seed accepts it: a view of its own, so the API document names each operation once.
@route(bp, "/article/log/{article_id}/status/", ["POST"], query=StatusQuery, auth="user", responses=_TOGGLE)
def post_article_status(user: Principal, article_id: int, query: StatusQuery) -> dict[str, Any]:
    return behaviour.status(user, article_id, query.type, _now())


@route(bp, "/article/{article_id}/rewards/", ["POST"], body=RewardRequest, auth="user", responses=_TOGGLE)
def reward_article(user: Principal, article_id: int, body: RewardRequest) -> dict[str, Any]:
    return behaviour.reward(user, article_id, body.money, _now())


@route(bp, "/recommendations/", query=RecommendationsQuery, auth="user")
def recommended_articles(user: Principal, query: RecommendationsQuery) -> dict[str, Any]:
    return recommendations.page(user.user_id, query.size, _now())
