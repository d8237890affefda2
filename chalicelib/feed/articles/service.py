"""Article use cases: drafts, reading, the seed's publish toggle and timed publishing (the writer page: writing.py)."""

from __future__ import annotations

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
from chalicelib.feed.articles.models import PRIVATE, PUBLIC, TIMED, Article, Writing, feed_key, last
from chalicelib.feed.articles.presenters import detail
from chalicelib.feed.articles.repository import Articles
from chalicelib.feed.collections import repository as dynamodb_collections
from chalicelib.feed.collections import service as collection_service
from chalicelib.feed.collections.models import Collection
from chalicelib.feed.collections.repository import Collections
from chalicelib.feed.fanout.messages import QUEUE, PublishMessage, Sender
from chalicelib.feed.models import ArticleRequest, IntervalRequest
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
    """A new private draft of the caller's, last in the collection named or their default, its HTML sanitised."""
    collection = collection_service.for_new_article(
        principal.user_id, request.collection_id, now, collections=collections, new_id=new_id
    )
    writing = Writing(request.title, request.content, sanitise(request.html_content or ""))
    return draft(
        principal, collection, writing, last(now), now, articles=articles, collections=collections, new_id=new_id
    )


def draft(
    principal: Principal,
    collection: Collection,
    writing: Writing,
    position: int,
    now: datetime,
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
    new_id: collection_service.NewId = next_id,
) -> dict[str, Any]:
    """Store a new private article of the caller's at `position` in their `collection`; 409 if it went or is full."""
    article = Article(
        new_id("article"),
        author_id=principal.user_id,
        author_name=principal.username,
        author_avatar=principal.avatar,
        author_nickname=principal.nickname,
        title=writing.title,
        created_at=now,
        content=writing.content,
        html_content=writing.html_content,
        status=PRIVATE,
        collection_id=collection.collection_id,
        position=position,
    )
    if not articles.create(article):
        raise collection_service.refusal(principal.user_id, collection.collection_id, collections=collections)
    return detail(article, collection)


def readable(principal: Principal | None, article_id: int, *, articles: Articles = repository) -> Article:
    """The article if the caller may read it: a public one for anyone, any other for its author only (else 404)."""
    article = articles.get(article_id)
    if article is None or (article.status != PUBLIC and (principal is None or principal.user_id != article.author_id)):
        raise NotFound("article not found")
    return article


def retrieve(
    principal: Principal | None,
    article_id: int,
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
) -> dict[str, Any]:
    """A public article for anyone; a private or timed one for its author only (404 for everyone else)."""
    article = readable(principal, article_id, articles=articles)
    collection = None if article.collection_id is None else collections.get(article.author_id, article.collection_id)
    return detail(article, collection)


def own(articles: Articles, principal: Principal, article_id: int) -> Article:
    """The caller's own article; another user's, or none, is 404."""
    article = articles.get(article_id)
    if article is None or article.author_id != principal.user_id:
        raise NotFound("article not found")
    return article


def changed(article: Article | None) -> Article:
    """The article a conditional write answered; None (its condition failed) is a 409."""
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
    article, author = own(articles, principal, article_id), principal.user_id
    if article.status == TIMED:
        updated = changed(articles.make_private(article_id, author, TIMED))
        timed.unschedule(article_id)
        return {"detail": "timed publishing cancelled", "article": detail(updated)}
    if article.status == PUBLIC:
        updated = changed(articles.make_private(article_id, author, PUBLIC))
        hot.forget(r)  # followers' entries stay, hidden at read time by the status
        return {"detail": "made private; the push is cancelled", "article": detail(updated)}
    key = feed_key(now, article_id)
    # Queued before the state change: a failed send leaves the draft as it was, and should the change
    # then fail, the consumer's entries name a publication that never happened and stay hidden.
    send(QUEUE, PublishMessage(article_id=article_id, author_id=author, feed_key=key))
    updated = changed(articles.publish(article_id, author, key, now, principal.avatar, principal.nickname))
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
    article = own(articles, principal, article_id)
    if article.status == PUBLIC:
        raise Conflict("the article is already public")
    updated = changed(articles.set_timed(article_id, principal.user_id, article.status, due))
    timed.put(article_id, principal.user_id, due)
    return {"detail": "publishing scheduled", "article": detail(updated)}
