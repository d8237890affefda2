"""Inboxes (the seed's sync table and unread pool): per reader a head item and entries numbered 1, 2, 3 …

This module's functions are the DynamoDB implementation of `Inboxes`; the head's sequence claims are in
sequences.py, and follows.repository changes the head inside the follow and unfollow transactions.
"""

from __future__ import annotations

from typing import Any, Protocol

from pynamodb.attributes import MapAttribute, NumberAttribute, NumberSetAttribute
from pynamodb.expressions.update import Action
from pynamodb.indexes import IncludeProjection, LocalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.storage import get_or_none, table_meta, write_if
from chalicelib.core.transactions import Transaction
from chalicelib.feed.fanout.models import Entry, Head

HEAD = 0
# The head's unread_key: above every entry's feed key, so the newest-unread query returns the head first and
# the home feed learns the reader's pulled authors and mutes without a request of its own.
UNREAD_TOP = 2**62


class Inboxes(Protocol):
    """Where readers' inboxes are kept."""

    def head(self, owner_id: int, consistent: bool = False) -> Head: ...
    def add_pull(self, reader_id: int, author_id: int) -> None: ...
    def write_entries(self, entries: list[Entry]) -> None: ...
    def existing(self, keys: list[tuple[int, int]]) -> set[tuple[int, int]]: ...
    def unread_page(self, owner_id: int, limit: int) -> tuple[Head, list[Entry]]: ...
    def before(self, owner_id: int, feed_key: int | None, limit: int) -> tuple[list[Entry], bool]: ...
    def after(self, owner_id: int, sequence_id: int, limit: int) -> list[Entry]: ...
    def move_cursor(self, owner_id: int, to: int) -> None: ...


class UnreadIndex(LocalSecondaryIndex["InboxModel"]):
    """Unread entries (sparse: marking read removes the key) newest first, and the head on top."""

    class Meta:
        index_name = "unread"
        projection = IncludeProjection(["article_id", "author_id", "feed_key", "pulls", "muted"])

    owner_id = NumberAttribute(hash_key=True)
    unread_key = NumberAttribute(range_key=True)


class ByTimeIndex(LocalSecondaryIndex["InboxModel"]):
    """Every entry by its article's feed key (publish time), for the timeline's `before` pages."""

    class Meta:
        index_name = "by-time"
        projection = IncludeProjection(["article_id", "author_id"])

    owner_id = NumberAttribute(hash_key=True)
    feed_key = NumberAttribute(range_key=True)


class InboxModel(Model):
    """Entries at sequence_id ≥ 1; the head at 0 holds the counter, the sync cursor, pulls, mutes and claims."""

    Meta = table_meta("feed-inbox")
    owner_id = NumberAttribute(hash_key=True)
    sequence_id = NumberAttribute(range_key=True)
    article_id = NumberAttribute(null=True)
    author_id = NumberAttribute(null=True)
    feed_key = NumberAttribute(null=True)
    unread_key = NumberAttribute(null=True)
    seq = NumberAttribute(null=True)  # head: the last sequence number handed out (the seed's PK_AUTO_INCR)
    claim_count = NumberAttribute(null=True)  # head: claims held (sequences.py), to bound the item
    last_sequence_id = NumberAttribute(null=True)  # head: the sync cursor (the seed's session table)
    pulls = NumberSetAttribute(null=True)  # head: followed authors whose posts are pulled at read time
    # head: author id -> the last sequence number of an ended follow; that author's entries up to it hide
    muted: MapAttribute[Any, Any] = MapAttribute(null=True)
    unread = UnreadIndex()
    by_time = ByTimeIndex()


TABLE = str(InboxModel.Meta.table_name)


def _head(model: InboxModel) -> Head:
    muted = model.muted.as_dict() if model.muted is not None else {}
    return Head(
        cursor=int(model.last_sequence_id or 0),
        pulls=frozenset(int(a) for a in model.pulls or ()),
        muted=tuple(sorted((int(a), int(s)) for a, s in muted.items())),
    )


def _entry(model: InboxModel) -> Entry:
    return Entry(
        int(model.owner_id), int(model.sequence_id), int(model.article_id), int(model.author_id), int(model.feed_key)
    )


def head(owner_id: int, consistent: bool = False) -> Head:
    """The reader's head; an empty one if they never followed anyone."""
    model = get_or_none(InboxModel, owner_id, HEAD, consistent_read=consistent)
    return Head() if model is None else _head(model)


def on_follow(tx: Transaction, reader_id: int, author_id: int, pull: bool) -> None:
    """Create the head if needed (on top of the unread index, with an empty mute map) inside a follow."""
    actions: list[Action] = [InboxModel.unread_key.set(UNREAD_TOP), InboxModel.muted.set(InboxModel.muted | {})]
    if pull:
        actions.append(InboxModel.pulls.add({author_id}))
    tx.update(InboxModel(reader_id, HEAD), actions=actions, label="head")


def on_unfollow(tx: Transaction, reader_id: int, author_id: int) -> None:
    """Hide the author's entries so far (up to the current sequence) and stop pulling them, inside an unfollow."""
    actions: list[Action] = [InboxModel.muted[str(author_id)].set(InboxModel.seq | 0)]
    actions.append(InboxModel.pulls.delete({author_id}))
    tx.update(InboxModel(reader_id, HEAD), actions=actions, label="head")


def add_pull(reader_id: int, author_id: int) -> None:
    """Pull an author's posts for this reader from now on (the author went over the push threshold)."""
    InboxModel(reader_id, HEAD).update(actions=[InboxModel.pulls.add({author_id})])


def entry_item(entry: Entry, unread: bool) -> raw.Raw:
    """An entry as a whole item; unread ones carry the unread index key."""
    model = InboxModel(entry.owner_id, entry.sequence_id, article_id=entry.article_id, author_id=entry.author_id)
    model.feed_key = entry.feed_key
    if unread:
        model.unread_key = entry.feed_key
    return dict(model.serialize())


def write_entries(entries: list[Entry]) -> None:
    """Put entries as unread, 25 per BatchWriteItem; writing one twice leaves the same item."""
    raw.batch_write([(TABLE, entry_item(entry, unread=True)) for entry in entries])


def existing(keys: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (owner, sequence) entries exist, read consistently."""
    wanted = [{"owner_id": raw.num(o), "sequence_id": raw.num(s)} for o, s in keys]
    found = raw.batch_get({TABLE: wanted}, consistent=True)[TABLE]
    return {(int(i["owner_id"]["N"]), int(i["sequence_id"]["N"])) for i in found}


def unread_page(owner_id: int, limit: int) -> tuple[Head, list[Entry]]:
    """One Query: the head and up to `limit` unread entries, newest first."""
    rows = list(InboxModel.unread.query(owner_id, scan_index_forward=False, limit=limit + 1))
    if rows and int(rows[0].sequence_id) == HEAD:
        return _head(rows[0]), [_entry(row) for row in rows[1:]]
    return Head(), [_entry(row) for row in rows[:limit]]


def before(owner_id: int, feed_key: int | None, limit: int) -> tuple[list[Entry], bool]:
    """Entries older than `feed_key`, newest first; whether more may follow."""
    condition = InboxModel.feed_key < feed_key if feed_key is not None else None
    query = InboxModel.by_time.query(owner_id, condition, scan_index_forward=False, limit=limit)
    rows = [_entry(row) for row in query]
    return rows, len(rows) == limit


def after(owner_id: int, sequence_id: int, limit: int) -> list[Entry]:
    """Entries after a sequence number, ascending, read consistently."""
    condition = InboxModel.sequence_id > sequence_id
    return [_entry(row) for row in InboxModel.query(owner_id, condition, consistent_read=True, limit=limit)]


def move_cursor(owner_id: int, to: int) -> None:
    """Advance the sync cursor; never backwards (two syncs may race)."""
    condition = InboxModel.last_sequence_id.does_not_exist() | (InboxModel.last_sequence_id < to)
    # A refused condition means another sync already moved it at least this far: nothing to do.
    write_if(
        lambda: InboxModel(owner_id, HEAD).update(actions=[InboxModel.last_sequence_id.set(to)], condition=condition)
    )
