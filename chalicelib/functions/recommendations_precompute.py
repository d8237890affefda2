"""The recommendations precompute: the behaviour log's stream into the articles' neighbourhoods."""

from __future__ import annotations

from typing import Any

from chalicelib.feed.recommendations import precompute
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Stream

TRIGGER = Stream(precompute.stream_arn, batch_size=100)


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Refresh the neighbourhoods of the users whose logs changed; failed records are retried."""
    return precompute.handle_batch(event, context)
