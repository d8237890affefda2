"""The fan-out queue consumer: each record is one chunk of a fan-out; a failed one is retried alone."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from chalicelib.core.settings import get_settings
from chalicelib.feed import fanout
from chalicelib.feed.messages import fanout_adapter

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord


def record_handler(record: SQSRecord) -> None:
    """Carry out one message; raising reports the record for redelivery (claims make a rerun harmless)."""
    message = fanout_adapter.validate_json(record.body)
    settings = get_settings()
    fanout.handle(message, int(time.time()), settings.feed_push_threshold, settings.feed_backfill)


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records."""
    # Imported here: every function shares app.py, and the API Lambda should not pay for this at cold start.
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
