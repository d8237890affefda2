"""Collection use cases: a user's collections (list, create, rename, delete), and the default.

Only the owner sees or changes a collection: every read and write is keyed by the caller, so another user's
collection is simply not found. A collection that holds articles is not deleted (409); the default is never.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, NotFound, field_error
from chalicelib.core.storage import next_id
from chalicelib.feed.articles.presenters import local_time
from chalicelib.feed.collections import repository
from chalicelib.feed.collections.models import DEFAULT_NAME, MAX_ARTICLES, Collection
from chalicelib.feed.collections.repository import Collections
from chalicelib.feed.models import CollectionRequest

NewId = Callable[[str], int]


def shown(collection: Collection) -> dict[str, Any]:
    """A collection as the API shows it."""
    return {
        "id": collection.collection_id,
        "name": collection.name,
        "article_count": collection.article_count,
        "is_default": collection.is_default,
        "created_time": local_time(collection.created_at),
    }


def default_for(
    owner_id: int, now: datetime, *, collections: Collections = repository, new_id: NewId = next_id
) -> Collection:
    """The owner's default collection, made on first use; two first uses at once make one."""
    found = collections.find_default(owner_id)
    if found is not None:
        return found
    made = Collection(new_id("collection"), owner_id, DEFAULT_NAME, now, is_default=True)
    if collections.add_default(made):
        return made
    winner = collections.find_default(owner_id)  # made by a concurrent request; a default is never deleted
    if winner is None:
        raise Conflict("the default collection changed meanwhile; retry")
    return winner


def for_new_article(
    owner_id: int,
    collection_id: int | None,
    now: datetime,
    *,
    collections: Collections = repository,
    new_id: NewId = next_id,
) -> Collection:
    """The collection a new article goes to: the named one, which must be the owner's, else their default."""
    if collection_id is None:
        return default_for(owner_id, now, collections=collections, new_id=new_id)
    collection = collections.get(owner_id, collection_id)
    if collection is None:
        raise field_error("collection_id", "no such collection of yours")
    return collection


def listing(
    principal: Principal, now: datetime, *, collections: Collections = repository, new_id: NewId = next_id
) -> list[dict[str, Any]]:
    """The caller's collections, oldest first; the default is made here on first use, so the writer has one."""
    found = collections.owned(principal.user_id)
    if not any(c.is_default for c in found):
        made = default_for(principal.user_id, now, collections=collections, new_id=new_id)
        found = sorted([*found, made], key=_by_id)
    return [shown(c) for c in found]


def _by_id(collection: Collection) -> int:
    return collection.collection_id


def create(
    principal: Principal,
    request: CollectionRequest,
    now: datetime,
    *,
    collections: Collections = repository,
    new_id: NewId = next_id,
) -> dict[str, Any]:
    """A new, empty collection of the caller's."""
    collection = Collection(new_id("collection"), principal.user_id, request.name, now)
    collections.add(collection)
    return shown(collection)


def rename(
    principal: Principal, collection_id: int, request: CollectionRequest, *, collections: Collections = repository
) -> dict[str, Any]:
    """Rename one of the caller's collections."""
    renamed = collections.rename(principal.user_id, collection_id, request.name)
    if renamed is None:
        raise NotFound("collection not found")
    return shown(renamed)


def delete(principal: Principal, collection_id: int, *, collections: Collections = repository) -> dict[str, Any]:
    """Delete one of the caller's collections if it holds no article and is not their default."""
    if collections.remove(principal.user_id, collection_id):
        return {"detail": "collection deleted"}
    kept = collections.get(principal.user_id, collection_id)  # why the conditional delete refused
    if kept is None:
        raise NotFound("collection not found")
    if kept.is_default:
        raise Conflict("the default collection cannot be deleted")
    raise Conflict(f"the collection holds {kept.article_count} article(s); move them to another collection first")


def refusal(
    owner_id: int, collection_id: int, otherwise: str = "", *, collections: Collections = repository
) -> Conflict:
    """Why a write of an article into the owner's collection was refused: the collection went, is full, or else
    `otherwise` (the article changed meanwhile)."""
    found = collections.get(owner_id, collection_id)
    if found is None:
        return Conflict("the collection was deleted meanwhile; choose another")
    if found.article_count >= MAX_ARTICLES:
        return Conflict(f"a collection holds at most {MAX_ARTICLES} articles; choose or make another")
    return Conflict(otherwise or "the collection changed meanwhile; retry")
