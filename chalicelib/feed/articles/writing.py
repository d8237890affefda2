"""The writer page (renran's 写文章): a collection's articles in order, a new one first or last, saving title and
text, moving an article to another collection. Only the author sees or changes any of it: another user's collection
or article is not found (404).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from chalicelib.core.auth import Principal
from chalicelib.core.errors import InvalidInput, NotFound, field_error
from chalicelib.core.storage import next_id
from chalicelib.feed.articles import repository, service
from chalicelib.feed.articles.html import sanitise
from chalicelib.feed.articles.models import Article, Writing, first, last, place
from chalicelib.feed.articles.presenters import detail
from chalicelib.feed.articles.repository import Articles
from chalicelib.feed.collections import repository as dynamodb_collections
from chalicelib.feed.collections import service as collection_service
from chalicelib.feed.collections.models import MAX_ARTICLES, Collection
from chalicelib.feed.collections.repository import Collections
from chalicelib.feed.models import ArticleInfoRequest, ArticleSaveRequest, NewArticleRequest

# Lambda answers at most 6 MB (its own JSON, \u-escaping every non-ASCII character); a list's body stays below this.
MAX_LIST_BYTES = 5_000_000


def _collection(collections: Collections, principal: Principal, collection_id: int) -> Collection:
    found = collections.get(principal.user_id, collection_id)
    if found is None:
        raise NotFound("collection not found")
    return found


def _fitting(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The leading items whose JSON, as Lambda's response carries it, stays within MAX_LIST_BYTES.

    Only collections of very long articles reach it (100 articles of 60,000 characters each would be ~70 MB): the
    list then ends early, and each article left out is still read whole by GET /article/{id}/retrieve/.
    """
    used = 2
    for count, item in enumerate(items):
        used += len(json.dumps(json.dumps(item, ensure_ascii=False))) + 1
        if used > MAX_LIST_BYTES:
            return items[:count]
    return items


def in_order(
    principal: Principal,
    collection_id: int,
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
) -> list[dict[str, Any]]:
    """The articles of one of the caller's collections in the writer's order, all of them (MAX_ARTICLES at most)."""
    collection = _collection(collections, principal, collection_id)
    ids, _ = articles.in_collection(collection_id, None, MAX_ARTICLES)
    found = articles.many(ids)
    # The index is eventually consistent: an article moved out a moment ago may still be listed under this one.
    kept = sorted((a for a in found.values() if a.collection_id == collection_id), key=place)
    return _fitting([detail(a, collection) for a in kept])


def add(
    principal: Principal,
    collection_id: int,
    request: NewArticleRequest,
    now: datetime,
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
    new_id: collection_service.NewId = next_id,
) -> dict[str, Any]:
    """A new private, empty article of the caller's: first in their collection when `insert`, else last."""
    collection = _collection(collections, principal, collection_id)
    position = first(now) if request.insert else last(now)
    writing = Writing(request.title, "", "")
    return service.draft(
        principal, collection, writing, position, now, articles=articles, collections=collections, new_id=new_id
    )


def save_info(
    principal: Principal, article_id: int, request: ArticleInfoRequest, *, articles: Articles = repository
) -> dict[str, Any]:
    """Save the title and text of the caller's article, whatever its status (HTML sanitised); one UpdateItem."""
    writing = Writing(request.title, request.content, sanitise(request.html_content or ""))
    saved = articles.save(article_id, principal.user_id, writing)
    if saved is None:
        raise NotFound("article not found")
    return {"detail": "saved", "article": detail(saved)}


def _target(request: ArticleSaveRequest) -> tuple[str, int | None]:
    """The collection a PUT /article/{id}/ names, and the field naming it (renran's `collection`, or collection_id)."""
    if request.collection is not None and request.collection_id not in (None, request.collection):
        raise field_error("collection", "names another collection than collection_id")
    if request.collection is not None:
        return "collection", request.collection
    return "collection_id", request.collection_id


def save(
    principal: Principal,
    article_id: int,
    request: ArticleSaveRequest,
    now: datetime,
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
) -> dict[str, Any]:
    """PUT /article/{id}/: a move `{collection}`, or a save of title and text that also moves when it names one."""
    field, target = _target(request)
    if request.title is None and request.content is None and request.html_content is None:
        if target is None:
            raise field_error("collection", "required: the collection to move the article to")
        return move(principal, article_id, target, None, now, field, articles=articles, collections=collections)
    if request.title is None or request.content is None:
        missing = [name for name in ("title", "content") if getattr(request, name) is None]
        raise InvalidInput([{"field": name, "message": "Field required"} for name in missing])
    info = ArticleInfoRequest(title=request.title, content=request.content, html_content=request.html_content)
    if target is None:
        return save_info(principal, article_id, info, articles=articles)
    writing = Writing(info.title, info.content, sanitise(info.html_content or ""))
    return move(principal, article_id, target, writing, now, field, articles=articles, collections=collections)


def move(
    principal: Principal,
    article_id: int,
    target_id: int,
    writing: Writing | None,
    now: datetime,
    field: str = "collection",
    *,
    articles: Articles = repository,
    collections: Collections = dynamodb_collections,
) -> dict[str, Any]:
    """Move the caller's article (its text saved too, when given) to the end of another of their collections."""
    article = service.own(articles, principal, article_id)
    target = collections.get(principal.user_id, target_id)
    if target is None:
        raise field_error(field, "no such collection of yours")
    author, position = principal.user_id, last(now)
    saved: Article
    if article.collection_id == target.collection_id:  # already there: its place stays
        saved = article if writing is None else service.changed(articles.save(article_id, author, writing))
    elif articles.move(article_id, author, writing, article.collection_id, target.collection_id, position):
        text = writing._asdict() if writing is not None else {}
        saved = article._replace(**text, collection_id=target.collection_id, position=position)
    else:
        changed = "the article changed meanwhile; reload it"
        raise collection_service.refusal(author, target_id, changed, collections=collections)
    return {"detail": "saved" if writing is not None else "moved", "article": detail(saved, target)}
