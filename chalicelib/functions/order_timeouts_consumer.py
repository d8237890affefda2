"""The unpaid-order timeout queue consumer."""

from __future__ import annotations

from typing import Any

from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Queue
from chalicelib.orders import timeouts

TRIGGER = Queue("order-timeouts", batch_size=10)


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Cancel orders whose one-time schedule fired while they were still unpaid."""
    return timeouts.handle_batch(event, context)
