"""The flash-sale orders queue: admission publishes here, the consumer places each admitted order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalicelib.core.clients import aws_client, get_redis
from chalicelib.notifications.queue import queue_url
from chalicelib.orders import checkout, timeouts
from chalicelib.seckill import service
from chalicelib.seckill.models import SeckillOrder
from chalicelib.users.repository import get_user

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

QUEUE = "seckill-orders"


def publish(message: SeckillOrder) -> None:
    """Queue an admitted request for the consumer."""
    aws_client("sqs").send_message(QueueUrl=queue_url(QUEUE), MessageBody=message.model_dump_json())


def default_address(user_id: int) -> int | None:
    """The user's default address id, or None."""
    user = get_user(user_id)
    return int(user.default_address_id) if user and user.default_address_id is not None else None


def record_handler(record: SQSRecord) -> None:
    """Place one admitted order; an exception leaves the record to be retried (then the DLQ)."""
    message = SeckillOrder.model_validate_json(record.body)
    now = datetime.now(UTC)
    service.fulfil(get_redis(), message, checkout.place_order, default_address, timeouts.schedule_cancel, now)


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records."""
    # Imported here: every function shares app.py, and the API Lambda should not pay for this at cold start.
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
