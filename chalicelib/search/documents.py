"""What a changed item means for the index: a document to write, one to remove, or nothing; and its version.

Version rules: every write that changes what an item shows in search adds 1 to its `version` attribute (a bulk
import stamps the clock's milliseconds, so it still counts up), and the engine keeps a document only against a
lower or equal version (`external_gte`). So a stale write loses: a retried older stream batch, or a reindex that
read an item before its latest change. Equal versions may be written again (a replay, an unversioned writer).
A removed item's delete carries its last version + 1, so it beats the item's last document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from chalicelib.search.mapping import IndexName

Image = Mapping[str, Any]  # an item as DynamoDB Streams' images carry it, deserialised (numbers as Decimal)
VERSION_TYPE = "external_gte"


@dataclass(frozen=True)
class Change:
    """One write to the index: `source` is the document for "index", None for "delete"."""

    index: IndexName
    op: Literal["index", "delete"]
    doc_id: str
    version: int
    source: dict[str, Any] | None = None


def version_of(image: Image | None) -> int:
    """The item's version: 0 before any versioned write."""
    value = (image or {}).get("version")
    return int(value) if value is not None else 0


def _money(value: Any) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"


def sku_document(image: Image | None) -> dict[str, Any] | None:
    """The SKU as the index holds it, or None when it must not be found (gone, or off sale)."""
    if not image or image.get("is_launched") is False:
        return None
    return {
        "sku_id": int(image["sku_id"]),
        "name": str(image.get("name", "")),
        "caption": str(image.get("caption", "")),
        "price": _money(image.get("price", 0)),
        "default_image_url": str(image.get("default_image_url", "")),
    }


def _iso(value: Any) -> str | None:
    # pynamodb stores UTC datetimes as "2026-12-01T08:00:00.000000+0000".
    if not value:
        return None
    return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S.%f%z").astimezone(UTC).isoformat()


def article_document(image: Image | None) -> dict[str, Any] | None:
    """The article as the index holds it, or None when it must not be found (gone, private or only timed)."""
    if not image or image.get("status") != "public":
        return None
    return {
        "article_id": int(image["article_id"]),
        "title": str(image.get("title", "")),
        "body": str(image.get("content", "")),
        "author_id": int(image.get("author_id", 0)),
        "pub_date": _iso(image.get("pub_date")),
    }


DOCUMENT = {"skus": sku_document, "articles": article_document}
KEY = {"skus": "sku_id", "articles": "article_id"}


def change_for(index: IndexName, old: Image | None, new: Image | None) -> Change | None:
    """The index write one stream record asks for; None when nothing search shows changed (counters, stock)."""
    document = DOCUMENT[index]
    before, after = document(old), document(new)
    if before == after:  # a newer version with the same document needs no write: no stale one can beat it
        return None
    item = new or old
    if item is None:
        return None
    doc_id = str(int(item[KEY[index]]))
    if after is None:
        version = version_of(new) if new else version_of(old) + 1
        return Change(index, "delete", doc_id, version)
    return Change(index, "index", doc_id, version_of(new), after)


def bulk_lines(changes: list[Change]) -> list[dict[str, Any]]:
    """The `_bulk` body: an action line per change, followed by its document for "index"."""
    from chalicelib.search.settings import get_search_settings

    settings = get_search_settings()
    lines: list[dict[str, Any]] = []
    for change in changes:
        meta = {"_index": settings.index(change.index), "_id": change.doc_id}
        lines.append({change.op: {**meta, "version": change.version, "version_type": VERSION_TYPE}})
        if change.source is not None:
            lines.append(change.source)
    return lines
