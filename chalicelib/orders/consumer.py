"""The order-timeouts queue consumer: each record cancels one order if it is still unpaid."""

from __future__ import annotations

from typing import Any

from chalicelib.core.batch import consume
from chalicelib.orders import service
from chalicelib.orders.models import TimeoutMessage


def record_handler(message: TimeoutMessage) -> None:
    """Cancel the order if it is still UNPAID; a paid or already cancelled order is left alone."""
    service.cancel_unpaid(message.user_id, message.order_id)


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records (a redelivery is harmless)."""
    return consume(event, context, TimeoutMessage, record_handler)
