"""The SKU indexer: the skus table's stream into the search engine's skus index."""

from __future__ import annotations

from typing import Any

from chalicelib.functions.observed import observed
from chalicelib.search import indexer


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Write a batch of SKU changes in one bulk request; the records that failed are retried."""
    return indexer.handle_batch(event, context, "skus")
