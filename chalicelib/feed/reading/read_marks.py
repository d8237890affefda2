"""Read marks (articles the home feed has shown a reader) and the home feed's batches spanning tables.

This module's functions are the DynamoDB implementation of `ReadMarks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from pynamodb.attributes import NumberAttribute
from pynamodb.models import Model

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.storage import table_meta
from chalicelib.feed.articles import tables as articles
from chalicelib.feed.articles.models import Article
from chalicelib.feed.fanout import inboxes
from chalicelib.feed.fanout.models import Entry


class ReadMarks(Protocol):
    """Where the home feed reads its articles with their marks, and records what it showed."""

    def fetch(
        self, article_ids: Iterable[int], owner_id: int, read_ids: Iterable[int]
    ) -> tuple[dict[int, Article], set[int]]: ...
    def record(self, cleared: list[Entry], owner_id: int, shown: Iterable[int]) -> None: ...


class ReadModel(Model):
    """An article the home feed has shown a reader: pulled and hot ones are not shown again."""

    Meta = table_meta("feed-reads")
    owner_id = NumberAttribute(hash_key=True)
    article_id = NumberAttribute(range_key=True)


TABLE = str(ReadModel.Meta.table_name)


def key(owner_id: int, article_id: int) -> raw.Raw:
    """A read mark's key in wire format, for batches spanning tables."""
    return {"owner_id": raw.num(owner_id), "article_id": raw.num(article_id)}


def fetch(article_ids: Iterable[int], owner_id: int, read_ids: Iterable[int]) -> tuple[dict[int, Article], set[int]]:
    """Articles by id and which of `read_ids` the owner has been shown: one BatchGetItem per 100 keys."""
    keys = {articles.TABLE: [articles.key(i) for i in dict.fromkeys(article_ids)]}
    keys[TABLE] = [key(owner_id, i) for i in dict.fromkeys(read_ids)]
    wanted = {table: rows for table, rows in keys.items() if rows}
    found = raw.batch_get(wanted) if wanted else {}
    fetched = map(articles.from_raw, found.get(articles.TABLE, []))
    return {a.article_id: a for a in fetched}, {int(i["article_id"]["N"]) for i in found.get(TABLE, [])}


def record(cleared: list[Entry], owner_id: int, shown: Iterable[int]) -> None:
    """Mark inbox entries read (rewritten without their unread key) and record shown articles, batched together.

    A whole-item put instead of an UpdateItem per entry: entries never change after delivery, so one batch
    replaces what would be one request per entry.
    """
    writes = [(inboxes.TABLE, inboxes.entry_item(entry, unread=False)) for entry in cleared]
    writes += [(TABLE, dict(ReadModel(owner_id, article_id).serialize())) for article_id in dict.fromkeys(shown)]
    raw.batch_write(writes)
