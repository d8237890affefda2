"""Article use cases: drafts, reading, the seed's publish toggle and timed publishing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import redis

from chalicelib.core import queues
from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, NotFound, field_error
from chalicelib.core.storage import next_id
from chalicelib.feed.articles import repository, timed
from chalicelib.feed.articles.html import sanitise
from chalicelib.feed.articles.models import PRIVATE, PUBLIC, TIMED, Article, Writing, feed_key
from chalicelib.feed.articles.presenters import detail
from chalicelib.feed.articles.repository import Articles
from chalicelib.feed.collections import repository as dynamodb_collections
from chalicelib.feed.collections import service as collection_service
from chalicelib.feed.collections.repository import Collections
from chalicelib.feed.fanout.messages import QUEUE, PublishMessage, Sender
from chalicelib.feed.models import ArticleRequest, ArticleSaveRequest, IntervalRequest
from chalicelib.feed.reading import hot

MAX_AHEAD = timedelta(days=366)


def create(
    principal: Principal,
    request: ArticleRequest,
    now: datetime,
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
    new_id: collection_service.NewId = next_id,
) -> dict[str, Any]:
    """A new private draft of the caller's, in the collection named or their default, its HTML sanitised."""
    author = principal.user_id
    collection = collection_service.for_new_article(
        author, request.collection_id, now, collections=collections, new_id=new_id
    )
    article = Article(
        new_id("article"),
        author_id=author,
        author_name=principal.username,
        author_avatar=principal.avatar,
        title=request.title,
        created_at=now,
        content=request.content,
        html_content=sanitise(request.html_content or ""),
        status=PRIVATE,
        collection_id=collection.collection_id,
    )
    if not articles.create(article):
        raise Conflict("the collection was deleted meanwhile; choose another")
    return detail(article, collection)


def retrieve(
    principal: Principal | None,
    article_id: int,
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
) -> dict[str, Any]:
    """A public article for anyone; a private or timed one for its author only (404 for everyone else)."""
    article = articles.get(article_id)
    if article is None or (article.status != PUBLIC and (principal is None or principal.user_id != article.author_id)):
        raise NotFound("article not found")
    collection = None if article.collection_id is None else collections.get(article.author_id, article.collection_id)
    return detail(article, collection)


def save(
    principal: Principal,
    article_id: int,
    request: ArticleSaveRequest,
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
) -> dict[str, Any]:
    """The writer page's save of title and text (HTML sanitised); with `collection_id`, also a move there."""
    writing = Writing(request.title, request.content, sanitise(request.html_content or ""))
    if request.collection_id is None:
        saved = articles.save(article_id, principal.user_id, writing)
        if saved is None:
            raise NotFound("article not found")
        return {"detail": "saved", "article": detail(saved)}
    article = _own(articles, principal, article_id)
    target = collections.get(principal.user_id, request.collection_id)
    if target is None:
        raise field_error("collection_id", "no such collection of yours")
    if article.collection_id == target.collection_id:
        saved = _changed(articles.save(article_id, principal.user_id, writing))
    elif articles.move(article_id, principal.user_id, writing, article.collection_id, target.collection_id):
        saved = replace(article, **vars(writing), collection_id=target.collection_id)
    else:
        raise Conflict("the article or the collection changed meanwhile; reload them")
    return {"detail": "saved", "article": detail(saved, target)}


def _own(articles: Articles, principal: Principal, article_id: int) -> Article:
    article = articles.get(article_id)
    if article is None or article.author_id != principal.user_id:
        raise NotFound("article not found")
    return article


def _changed(article: Article | None) -> Article:
    if article is None:
        raise Conflict("the article changed meanwhile; reload it")
    return article


def toggle(
    r: redis.Redis,
    principal: Principal,
    article_id: int,
    now: datetime,
    *,
    articles: Articles = repository,
    send: Sender = queues.send,
) -> dict[str, Any]:
    """Timed → timing cancelled; public → private, push cancelled; private → public and pushed."""
    article, author = _own(articles, principal, article_id), principal.user_id
    if article.status == TIMED:
        updated = _changed(articles.make_private(article_id, author, TIMED))
        timed.unschedule(article_id)
        return {"detail": "timed publishing cancelled", "article": detail(updated)}
    if article.status == PUBLIC:
        updated = _changed(articles.make_private(article_id, author, PUBLIC))
        hot.forget(r)  # followers' entries stay, hidden at read time by the status
        return {"detail": "made private; the push is cancelled", "article": detail(updated)}
    key = feed_key(now, article_id)
    # Queued before the state change: a failed send leaves the draft as it was, and should the change
    # then fail, the consumer's entries name a publication that never happened and stay hidden.
    send(QUEUE, PublishMessage(article_id=article_id, author_id=author, feed_key=key))
    updated = _changed(articles.publish(article_id, author, key, now, principal.avatar))
    return {"detail": "published and pushed to followers", "article": detail(updated)}


def due_time(text: str, timezone: str, now: datetime) -> datetime:
    """The requested publish time in UTC, whole seconds; an input without offset is business time."""
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(timezone))
    try:
        when = when.astimezone(UTC).replace(microsecond=0)
    except OverflowError:  # a time at either end of the calendar, pushed past it by its offset
        raise field_error("pub_date", "must be ahead of now by at most a year") from None
    if when <= now:
        raise field_error("pub_date", "must be in the future")
    if when > now + MAX_AHEAD:
        raise field_error("pub_date", "must be within a year")
    return when


def schedule(
    principal: Principal,
    article_id: int,
    request: IntervalRequest,
    now: datetime,
    timezone: str,
    *,
    articles: Articles = repository,
) -> dict[str, Any]:
    """Make a draft (or a timed article) publish itself at `pub_date`."""
    due = due_time(request.pub_date, timezone, now)
    article = _own(articles, principal, article_id)
    if article.status == PUBLIC:
        raise Conflict("the article is already public")
    updated = _changed(articles.set_timed(article_id, principal.user_id, article.status, due))
    timed.put(article_id, principal.user_id, due)
    return {"detail": "publishing scheduled", "article": detail(updated)}
