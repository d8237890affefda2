"""The flash-sale orders consumer: each admitted order (seckill/queue.py publishes them) is placed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.core.batch import consume
from chalicelib.core.clients import get_redis
from chalicelib.seckill import fulfilment
from chalicelib.seckill.models import SeckillOrder


def record_handler(message: SeckillOrder) -> None:
    """Place one admitted order; raising leaves the record to be retried (then the DLQ)."""
    fulfilment.fulfil(get_redis(), message, datetime.now(UTC))


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records."""
    return consume(event, context, SeckillOrder, record_handler)
