"""The feed fan-out queue consumer."""

from __future__ import annotations

from typing import Any

import aws_lambda_powertools.utilities.batch  # noqa: F401 (before pydantic: core/batch.py says why)

from chalicelib.core.priming import at_init
from chalicelib.feed.fanout import consumer
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Queue

TRIGGER = Queue("feed-fanout", batch_size=5)
# Deployed: the session and the clients its records use, built at init (once per process), not on the first one.
at_init(("dynamodb", "sqs"))


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Push publications to followers' inboxes, one chunk of followers per record; failed records are retried."""
    return consumer.handle_batch(event, context)
