"""The SKU indexer: the skus table's stream into the search engine's skus index."""

from __future__ import annotations

from typing import Any

import aws_lambda_powertools.utilities.batch  # noqa: F401 (before pydantic: core/batch.py says why)

from chalicelib.core.priming import at_init, signed
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Stream
from chalicelib.search import engine, indexer
from chalicelib.search.streams import SOURCES

TRIGGER = Stream(SOURCES["skus"], batch_size=100)
# Deployed: the session and the clients its records use, built at init (once per process), not on the first one.
at_init((), builders=(signed(engine.client),))


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Write a batch of SKU changes in one bulk request; the records that failed are retried."""
    return indexer.handle_batch(event, context, "skus")
