"""Articles (the seed's rr_article): drafts, public and timed ones, each change one conditional write.

A write that changes a collection's count (a new article, a move) is one transaction with the collection.
This module's functions are the DynamoDB implementation of `Articles`; they take and return `Article`s.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.storage import get_or_none, write_if
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.feed.articles.models import PRIVATE, PUBLIC, TIMED, Article, Writing
from chalicelib.feed.articles.tables import LISTED, TABLE, ArticleModel, article_of, from_raw, key
from chalicelib.feed.collections import repository as collections


class Articles(Protocol):
    """Where articles are kept."""

    def create(self, article: Article) -> bool: ...
    def get(self, article_id: int) -> Article | None: ...
    def save(self, article_id: int, author_id: int, writing: Writing) -> Article | None: ...
    def move(
        self, article_id: int, author_id: int, writing: Writing | None, source: int | None, target: int, position: int
    ) -> bool: ...
    def in_collection(self, collection_id: int, after: int | None, limit: int) -> tuple[list[int], bool]: ...
    def many(self, article_ids: Iterable[int]) -> dict[int, Article]: ...
    def publish(
        self,
        article_id: int,
        author_id: int,
        feed_key: int,
        when: datetime,
        avatar: str | None = None,
        nickname: str | None = None,
    ) -> Article | None: ...
    def make_private(self, article_id: int, author_id: int, status: str) -> Article | None: ...
    def set_timed(self, article_id: int, author_id: int, status: str, due: datetime) -> Article | None: ...
    def publish_due(self, article_id: int, due_at: int, feed_key: int, now_s: int | None) -> Article | None: ...
    def due(self, now_s: int, limit: int) -> list[tuple[int, int]]: ...
    def public_ids(self, limit: int) -> list[int]: ...


def create(article: Article) -> bool:
    """Store a new article, counted in its collection in the same transaction; False if it is gone or full."""
    row, new = ArticleModel(**article._asdict()), ArticleModel.article_id.does_not_exist()
    if article.collection_id is None:
        row.save(condition=new)
        return True
    try:
        with Transaction() as tx:
            tx.save(row, condition=new, label="article")
            collections.on_article_added(tx, article.author_id, article.collection_id)
    except TransactionCancelled as exc:
        if "collection" in exc.failed:
            return False
        raise
    return True


def get(article_id: int) -> Article | None:
    """One article, or None."""
    row = get_or_none(ArticleModel, article_id)
    return None if row is None else article_of(row)


def many(article_ids: Iterable[int]) -> dict[int, Article]:
    """Articles by id, one BatchGetItem per 100 (absent ids are left out)."""
    keys = [key(i) for i in dict.fromkeys(article_ids)]
    items = raw.batch_get({TABLE: keys})[TABLE] if keys else []
    return {a.article_id: a for a in map(from_raw, items)}


def _update(article_id: int, condition: Condition, actions: list[Action]) -> Article | None:
    """Apply actions under a condition; the article as now stored, or None if the condition failed."""
    row = ArticleModel(article_id)
    # Every change of text or status made here outranks the earlier ones in the search index.
    if not write_if(lambda: row.update(actions=[*actions, ArticleModel.version.add(1)], condition=condition)):
        return None
    return article_of(row)


def _written(writing: Writing) -> list[Action]:
    return [
        ArticleModel.title.set(writing.title),
        ArticleModel.content.set(writing.content),
        ArticleModel.html_content.set(writing.html_content),
    ]


def save(article_id: int, author_id: int, writing: Writing) -> Article | None:
    """Replace the title and text of the author's article, whatever its status; None if it is not theirs."""
    return _update(article_id, ArticleModel.author_id == author_id, _written(writing))


def move(
    article_id: int, author_id: int, writing: Writing | None, source: int | None, target: int, position: int
) -> bool:
    """Move the article to `position` in `target` (its text too, unless `writing` is None), both counts in one
    transaction; False if it is not the author's in `source`, or either collection is gone, or the target is full."""
    was = ArticleModel.collection_id.does_not_exist() if source is None else ArticleModel.collection_id == source
    in_source = (ArticleModel.author_id == author_id) & was
    moved = [ArticleModel.collection_id.set(target), ArticleModel.position.set(position)]
    actions = [*(_written(writing) if writing is not None else []), *moved, ArticleModel.version.add(1)]
    try:
        with Transaction() as tx:
            tx.update(ArticleModel(article_id), actions=actions, condition=in_source, label="article")
            collections.on_article_moved(tx, author_id, source, target)
    except TransactionCancelled as exc:
        if exc.failed:
            return False
        raise
    return True


def _owned_in(author_id: int, status: str) -> Condition:
    return (ArticleModel.author_id == author_id) & (ArticleModel.status == status)


def publish(
    article_id: int,
    author_id: int,
    feed_key: int,
    when: datetime,
    avatar: str | None = None,
    nickname: str | None = None,
) -> Article | None:
    """Private → public under a new publication key, with the author's avatar and nickname as they are now."""
    actions = [ArticleModel.status.set(PUBLIC), ArticleModel.feed_key.set(feed_key), ArticleModel.pub_date.set(when)]
    if avatar is not None:
        actions.append(ArticleModel.author_avatar.set(avatar))
    if nickname is not None:
        actions.append(ArticleModel.author_nickname.set(nickname))
    return _update(article_id, _owned_in(author_id, PRIVATE), [*actions, ArticleModel.public_part.set(LISTED)])


def make_private(article_id: int, author_id: int, status: str) -> Article | None:
    """Public or timed → private: out of both indexes, no publish date."""
    actions: list[Action] = [ArticleModel.status.set(PRIVATE), ArticleModel.pub_date.remove()]
    actions += [ArticleModel.public_part.remove()]
    actions += [ArticleModel.timed_part.remove(), ArticleModel.due_at.remove()]
    return _update(article_id, _owned_in(author_id, status), actions)


def set_timed(article_id: int, author_id: int, status: str, due: datetime) -> Article | None:
    """Private or timed → timed for `due` (whole seconds)."""
    actions = [ArticleModel.status.set(TIMED), ArticleModel.pub_date.set(due), ArticleModel.timed_part.set(LISTED)]
    return _update(article_id, _owned_in(author_id, status), [*actions, ArticleModel.due_at.set(int(due.timestamp()))])


def publish_due(article_id: int, due_at: int, feed_key: int, now_s: int | None) -> Article | None:
    """Timed → public if still due at `due_at` (and, for the sweeper, not after `now_s`); None if not."""
    condition = (ArticleModel.status == TIMED) & (ArticleModel.due_at == due_at)
    if now_s is not None:
        condition &= ArticleModel.due_at <= now_s
    actions: list[Action] = [ArticleModel.status.set(PUBLIC), ArticleModel.feed_key.set(feed_key)]
    actions += [ArticleModel.public_part.set(LISTED), ArticleModel.timed_part.remove(), ArticleModel.due_at.remove()]
    return _update(article_id, condition, actions)


def due(now_s: int, limit: int) -> list[tuple[int, int]]:
    """(article id, due second) of timed articles due by `now_s`, from the sparse index."""
    rows = ArticleModel.timed.query(LISTED, ArticleModel.due_at <= now_s, limit=limit)
    return [(int(r.article_id), int(r.due_at)) for r in rows]


def public_ids(limit: int) -> list[int]:
    """The newest public articles' ids."""
    rows = ArticleModel.public.query(LISTED, scan_index_forward=False, limit=limit)
    return [int(r.article_id) for r in rows]


def in_collection(collection_id: int, after: int | None, limit: int) -> tuple[list[int], bool]:
    """Ids of a collection's articles after the id `after`, ascending; whether more may follow."""
    condition = ArticleModel.article_id > after if after is not None else None
    rows = ArticleModel.collection.query(collection_id, condition, limit=limit)
    ids = [int(r.article_id) for r in rows]
    return ids, len(ids) == limit
