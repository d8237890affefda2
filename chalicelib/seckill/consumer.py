"""The flash-sale orders queue: admission publishes here, the consumer places each admitted order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.core import queues
from chalicelib.core.batch import consume
from chalicelib.core.clients import get_redis
from chalicelib.seckill import fulfilment
from chalicelib.seckill.models import SeckillOrder

QUEUE = "seckill-orders"


def publish(message: SeckillOrder) -> None:
    """Queue an admitted request for the consumer."""
    queues.send(QUEUE, message)


def record_handler(message: SeckillOrder) -> None:
    """Place one admitted order; raising leaves the record to be retried (then the DLQ)."""
    fulfilment.fulfil(get_redis(), message, datetime.now(UTC))


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records."""
    return consume(event, context, SeckillOrder, record_handler)
