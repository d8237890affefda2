"""Notices from the behaviour log's stream: likes, comments, rewards and 收藏 told to the articles' authors."""

from __future__ import annotations

from typing import Any

import aws_lambda_powertools.utilities.batch  # noqa: F401 (before pydantic: core/batch.py says why)

from chalicelib.core.priming import at_init
from chalicelib.feed.notices import consumer
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Stream

TRIGGER = Stream(consumer.TABLES["logs"], batch_size=100)
# Deployed: the session and the DynamoDB client its records use, built at init (once per process).
at_init(("dynamodb",))


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Apply a batch of behaviour-log changes to the authors' notices; failed records are retried."""
    return consumer.handle_batch(event, context, "logs")
