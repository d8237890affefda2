"""The recommendations precompute: the behaviour log's stream into the articles' neighbourhoods."""

from __future__ import annotations

from typing import Any

import aws_lambda_powertools.utilities.batch  # noqa: F401 (before pydantic: core/batch.py says why)

from chalicelib.core.idempotency import persistence_store
from chalicelib.core.priming import at_init
from chalicelib.feed.recommendations import precompute
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Stream

TRIGGER = Stream("feed-logs", batch_size=100)
# Deployed: the session and the clients its records use, built at init (once per process), not on the first one.
at_init(("dynamodb",), builders=(persistence_store,))


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Refresh the neighbourhoods of the users whose logs changed; failed records are retried."""
    return precompute.handle_batch(event, context)
