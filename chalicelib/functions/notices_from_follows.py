"""Notices from the follows' stream: each new follower told to the author followed."""

from __future__ import annotations

from typing import Any

import aws_lambda_powertools.utilities.batch  # noqa: F401 (before pydantic: core/batch.py says why)

from chalicelib.core.priming import at_init
from chalicelib.feed.notices import consumer
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Stream

TRIGGER = Stream(consumer.TABLES["follows"], batch_size=100)
# Deployed: the session and the DynamoDB client its records use, built at init (once per process).
at_init(("dynamodb",))


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Apply a batch of new follows to the authors' notices; failed records are retried."""
    return consumer.handle_batch(event, context, "follows")
