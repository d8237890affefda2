"""The fan-out queue consumer: each record is one chunk of a fan-out; a failed one is retried alone."""

from __future__ import annotations

import time
from typing import Any

from chalicelib.core.batch import consume
from chalicelib.core.settings import get_settings
from chalicelib.feed.fanout import service
from chalicelib.feed.fanout.messages import FanoutMessage, fanout_adapter


def record_handler(message: FanoutMessage) -> None:
    """Carry out one message; raising reports the record for redelivery (claims make a rerun harmless)."""
    settings = get_settings()
    service.handle(message, int(time.time()), settings.feed_push_threshold, settings.feed_backfill)


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records."""
    return consume(event, context, fanout_adapter, record_handler)
