"""Collections, one partition per owner; this module's functions are the DynamoDB implementation of `Collections`.

Besides the collections, an owner's partition holds one marker at collection id 0, written with their default
collection in one transaction, so two first uses at once still make one default.
"""

from __future__ import annotations

from typing import Protocol

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.core.storage import get_or_none, table_meta, write_if
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.feed.collections.models import MAX_ARTICLES, Collection

MARKER = 0  # the collection id of the default marker; real ids start at 1


class Collections(Protocol):
    """Where collections are kept."""

    def get(self, owner_id: int, collection_id: int) -> Collection | None: ...
    def owned(self, owner_id: int) -> list[Collection]: ...
    def find_default(self, owner_id: int) -> Collection | None: ...
    def add(self, collection: Collection) -> None: ...
    def add_default(self, collection: Collection) -> bool: ...
    def rename(self, owner_id: int, collection_id: int, name: str) -> Collection | None: ...
    def remove(self, owner_id: int, collection_id: int) -> bool: ...


class CollectionModel(Model):
    """A stored collection (`Collection`), or an owner's default marker (collection id 0, `default_id` only)."""

    Meta = table_meta("feed-collections")
    owner_id = NumberAttribute(hash_key=True)
    collection_id = NumberAttribute(range_key=True)
    name = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(null=True)
    article_count = NumberAttribute(null=True)
    is_default = BooleanAttribute(null=True)  # present on the default only: conditions test its existence
    default_id = NumberAttribute(null=True)


def _collection(row: CollectionModel) -> Collection:
    return Collection(
        int(row.collection_id),
        int(row.owner_id),
        row.name or "",
        row.created_at,
        article_count=int(row.article_count or 0),
        is_default=bool(row.is_default),
    )


def _row(collection: Collection) -> CollectionModel:
    return CollectionModel(
        collection.owner_id,
        collection.collection_id,
        name=collection.name,
        created_at=collection.created_at,
        article_count=collection.article_count,
        is_default=True if collection.is_default else None,
    )


def get(owner_id: int, collection_id: int) -> Collection | None:
    """The owner's collection, or None (also when it is someone else's)."""
    row = get_or_none(CollectionModel, owner_id, collection_id)
    return None if row is None else _collection(row)


def owned(owner_id: int) -> list[Collection]:
    """The owner's collections, oldest first."""
    return [_collection(r) for r in CollectionModel.query(owner_id, CollectionModel.collection_id > MARKER)]


def find_default(owner_id: int) -> Collection | None:
    """The owner's default collection, read consistently (one Query; the filter leaves the others out)."""
    rows = CollectionModel.query(
        owner_id,
        CollectionModel.collection_id > MARKER,
        filter_condition=CollectionModel.is_default.exists(),
        consistent_read=True,
    )
    return next((_collection(r) for r in rows), None)


def add(collection: Collection) -> None:
    """Store a new collection."""
    _row(collection).save(condition=CollectionModel.collection_id.does_not_exist())


def add_default(collection: Collection) -> bool:
    """Store the owner's default collection with its marker; False if the owner already had one."""
    marker = CollectionModel(collection.owner_id, MARKER, default_id=collection.collection_id)
    try:
        with Transaction() as tx:
            tx.save(marker, condition=CollectionModel.collection_id.does_not_exist(), label="marker")
            tx.save(_row(collection), condition=CollectionModel.collection_id.does_not_exist(), label="collection")
    except TransactionCancelled as exc:
        if "marker" in exc.failed:
            return False
        raise
    return True


def rename(owner_id: int, collection_id: int, name: str) -> Collection | None:
    """Rename the owner's collection; None if the owner has no such collection."""
    row = CollectionModel(owner_id, collection_id)
    if not write_if(
        lambda: row.update(actions=[CollectionModel.name.set(name)], condition=CollectionModel.collection_id.exists())
    ):
        return None
    return _collection(row)


def remove(owner_id: int, collection_id: int) -> bool:
    """Delete the owner's collection if it holds no article and is not the default; False if not deleted."""
    empty = (CollectionModel.article_count == 0) | CollectionModel.article_count.does_not_exist()
    condition = CollectionModel.collection_id.exists() & CollectionModel.is_default.does_not_exist() & empty
    return write_if(lambda: CollectionModel(owner_id, collection_id).delete(condition=condition))


def _count(tx: Transaction, owner_id: int, collection_id: int, change: int, label: str) -> None:
    row, condition = CollectionModel(owner_id, collection_id), CollectionModel.collection_id.exists()
    if change > 0:  # the cap holds whatever runs concurrently: the count and its check are one conditional write
        condition &= CollectionModel.article_count.does_not_exist() | (CollectionModel.article_count < MAX_ARTICLES)
    tx.update(row, actions=[CollectionModel.article_count.add(change)], condition=condition, label=label)


def on_article_added(tx: Transaction, owner_id: int, collection_id: int) -> None:
    """Count a new article in its collection, inside the article's transaction; it fails if it is gone or full."""
    _count(tx, owner_id, collection_id, 1, "collection")


def on_article_moved(tx: Transaction, owner_id: int, source: int | None, target: int) -> None:
    """Move an article's count between collections, inside the article's transaction (source None: uncounted)."""
    if source is not None:
        _count(tx, owner_id, source, -1, "source")
    _count(tx, owner_id, target, 1, "collection")
