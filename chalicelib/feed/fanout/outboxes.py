"""Outboxes (every author's posts by publish time) and read marks, plus the reads and writes spanning tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pynamodb.attributes import BooleanAttribute, NumberAttribute
from pynamodb.models import Model

from chalicelib.core.storage import table_meta
from chalicelib.feed import dynamo
from chalicelib.feed import inbox_repository as inbox
from chalicelib.feed.articles_repository import TABLE as ARTICLES
from chalicelib.feed.articles_repository import ArticleModel


class OutboxModel(Model):
    """One publication of an author; `pulled` ones were not pushed, readers fetch them at read time."""

    Meta = table_meta("feed-outbox")
    author_id = NumberAttribute(hash_key=True)
    feed_key = NumberAttribute(range_key=True)
    article_id = NumberAttribute()
    pulled = BooleanAttribute(default=False)


class ReadModel(Model):
    """An article the home feed has shown a reader: pulled and hot ones are not shown again."""

    Meta = table_meta("feed-reads")
    owner_id = NumberAttribute(hash_key=True)
    article_id = NumberAttribute(range_key=True)


READS = str(ReadModel.Meta.table_name)


@dataclass(frozen=True)
class Post:
    """An outbox entry."""

    author_id: int
    feed_key: int
    article_id: int
    pulled: bool


def put(post: Post) -> None:
    """Write the outbox entry of a publication (writing it twice leaves one)."""
    OutboxModel(post.author_id, post.feed_key, article_id=post.article_id, pulled=post.pulled).save()


def latest(author_id: int, before: int | None, limit: int) -> tuple[list[Post], bool]:
    """The author's publications older than `before`, newest first; whether more may follow."""
    condition = OutboxModel.feed_key < before if before is not None else None
    rows = OutboxModel.query(author_id, condition, scan_index_forward=False, limit=limit)
    posts = [Post(int(r.author_id), int(r.feed_key), int(r.article_id), bool(r.pulled)) for r in rows]
    return posts, len(posts) == limit


def fetch(
    article_ids: Iterable[int], owner_id: int, read_ids: Iterable[int]
) -> tuple[dict[int, ArticleModel], set[int]]:
    """Articles by id and which of `read_ids` the owner has been shown: one BatchGetItem per 100 keys."""
    keys = {ARTICLES: [{"article_id": dynamo.num(i)} for i in dict.fromkeys(article_ids)]}
    keys[READS] = [{"owner_id": dynamo.num(owner_id), "article_id": dynamo.num(i)} for i in dict.fromkeys(read_ids)]
    wanted = {table: rows for table, rows in keys.items() if rows}
    found = dynamo.batch_get(wanted) if wanted else {}
    articles = (ArticleModel.from_raw_data(item) for item in found.get(ARTICLES, []))
    return {int(a.article_id): a for a in articles}, {int(i["article_id"]["N"]) for i in found.get(READS, [])}


def record(cleared: list[inbox.Entry], owner_id: int, shown: Iterable[int]) -> None:
    """Mark inbox entries read (rewritten without their unread key) and record shown articles, batched together.

    A whole-item put instead of an UpdateItem per entry: entries never change after delivery, so one batch
    replaces what would be one request per entry.
    """
    writes = [(inbox.TABLE, inbox.entry_item(entry, unread=False)) for entry in cleared]
    writes += [(READS, dict(ReadModel(owner_id, article_id).serialize())) for article_id in dict.fromkeys(shown)]
    dynamo.batch_write(writes)
