"""The two indexes' mappings: Chinese text as `cjk` bigrams (no dictionary to ship), Latin words as `standard`.

Each searched field is indexed twice: `cjk` on the field itself (华为手机 → 华为, 为手, 手机; Latin words lower-cased
whole) and `standard` on its `.std` subfield (every Han character alone, Latin words whole), so a query matches by
bigrams and by whole words. Display fields are stored, not indexed. `dynamic: strict` refuses a document with a
field the mapping does not name instead of guessing its type.
"""

from __future__ import annotations

from typing import Any, Literal

IndexName = Literal["skus", "articles"]
# Bumped when a mapping changes: `python -m infra.admin reindex` then builds a new index from the tables.
MAPPING_VERSION = 1


def _text() -> dict[str, Any]:
    return {"type": "text", "analyzer": "cjk", "fields": {"std": {"type": "text", "analyzer": "standard"}}}


def _stored(kind: str = "keyword") -> dict[str, Any]:
    return {"type": kind, "index": False}


SKU_PROPERTIES: dict[str, Any] = {
    "sku_id": {"type": "long"},
    "name": _text(),
    "caption": _text(),
    "price": _stored(),  # a decimal string ("3388.00"), as the API answers money
    "default_image_url": _stored(),
}

ARTICLE_PROPERTIES: dict[str, Any] = {
    "article_id": {"type": "long"},
    "title": _text(),
    "body": _text(),  # the article's plain text (its `content`), never its HTML
    "author_id": {"type": "long"},
    "pub_date": {"type": "date"},
}

PROPERTIES: dict[IndexName, dict[str, Any]] = {"skus": SKU_PROPERTIES, "articles": ARTICLE_PROPERTIES}

# Query fields and their boosts: a word in a name or title counts three times one in a caption or body.
SEARCHED: dict[IndexName, list[str]] = {
    "skus": ["name^3", "name.std^3", "caption", "caption.std"],
    "articles": ["title^3", "title.std^3", "body", "body.std"],
}
ID_FIELD: dict[IndexName, str] = {"skus": "sku_id", "articles": "article_id"}


def index_body(name: IndexName) -> dict[str, Any]:
    """The create-index request body: mappings only (no shard settings, which Serverless collections refuse)."""
    return {
        "mappings": {"dynamic": "strict", "_meta": {"mapping_version": MAPPING_VERSION}, "properties": PROPERTIES[name]}
    }
