"""Which table's stream feeds which index (the indexers declare their streams in chalicelib/functions/triggers.py)."""

from __future__ import annotations

from chalicelib.search.mapping import IndexName

# The logical table whose stream feeds each index.
SOURCES: dict[IndexName, str] = {"skus": "skus", "articles": "feed-articles"}
