"""Outboxes: every author's publications by publish time; pulled ones are fetched by readers at read time.

This module's functions are the DynamoDB implementation of `Outboxes`.
"""

from __future__ import annotations

from typing import Protocol

from pynamodb.attributes import BooleanAttribute, NumberAttribute
from pynamodb.models import Model

from chalicelib.core.storage import table_meta
from chalicelib.feed.fanout.models import Post


class Outboxes(Protocol):
    """Where authors' publications are kept."""

    def put(self, post: Post) -> None: ...
    def latest(self, author_id: int, before: int | None, limit: int) -> tuple[list[Post], bool]: ...


class OutboxModel(Model):
    """One publication of an author (a `Post`)."""

    Meta = table_meta("feed-outbox")
    author_id = NumberAttribute(hash_key=True)
    feed_key = NumberAttribute(range_key=True)
    article_id = NumberAttribute()
    pulled = BooleanAttribute(default=False)


def put(post: Post) -> None:
    """Write the outbox entry of a publication (writing it twice leaves one)."""
    OutboxModel(post.author_id, post.feed_key, article_id=post.article_id, pulled=post.pulled).save()


def latest(author_id: int, before: int | None, limit: int) -> tuple[list[Post], bool]:
    """The author's publications older than `before`, newest first; whether more may follow."""
    condition = OutboxModel.feed_key < before if before is not None else None
    rows = OutboxModel.query(author_id, condition, scan_index_forward=False, limit=limit)
    posts = [Post(int(r.author_id), int(r.feed_key), int(r.article_id), bool(r.pulled)) for r in rows]
    return posts, len(posts) == limit
