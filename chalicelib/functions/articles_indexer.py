"""The article indexer: the articles table's stream into the search engine's articles index."""

from __future__ import annotations

from functools import partial
from typing import Any

from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Stream
from chalicelib.search import indexer
from chalicelib.search.streams import stream_arn

TRIGGER = Stream(partial(stream_arn, "articles"), batch_size=100)


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Write a batch of article changes in one bulk request (private ones removed); failed records are retried."""
    return indexer.handle_batch(event, context, "articles")
