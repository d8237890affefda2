"""The order-timeouts queue consumer: each record cancels one order if it is still unpaid."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.orders import service
from chalicelib.orders.models import TimeoutMessage

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord


def record_handler(record: SQSRecord) -> None:
    """Cancel the record's order if it is still UNPAID; a paid or already cancelled order is left alone."""
    message = TimeoutMessage.model_validate_json(record.body)
    service.cancel_unpaid(message.user_id, message.order_id)


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records (a redelivery is harmless)."""
    # Imported here: every function shares app.py, and the API Lambda should not pay for this at cold start.
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
