"""The flash-sale orders queue: admission publishes here, the consumer places each admitted order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.core import queues
from chalicelib.core.batch import consume
from chalicelib.core.clients import get_redis
from chalicelib.orders import checkout, timeouts
from chalicelib.seckill import service
from chalicelib.seckill.models import SeckillOrder
from chalicelib.users.repository import get_user

QUEUE = "seckill-orders"


def publish(message: SeckillOrder) -> None:
    """Queue an admitted request for the consumer."""
    queues.send(QUEUE, message)


def default_address(user_id: int) -> int | None:
    """The user's default address id, or None."""
    user = get_user(user_id)
    return int(user.default_address_id) if user and user.default_address_id is not None else None


def record_handler(message: SeckillOrder) -> None:
    """Place one admitted order; raising leaves the record to be retried (then the DLQ)."""
    now = datetime.now(UTC)
    service.fulfil(get_redis(), message, checkout.place_order, default_address, timeouts.schedule_cancel, now)


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records."""
    return consume(event, context, SeckillOrder, record_handler)
