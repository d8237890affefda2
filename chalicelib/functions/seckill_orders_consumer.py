"""The flash-sale orders queue consumer."""

from __future__ import annotations

from typing import Any

from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Queue
from chalicelib.seckill import consumer

TRIGGER = Queue("seckill-orders", batch_size=10)


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Place admitted flash-sale orders through checkout's transaction; failed records are retried."""
    return consumer.handle_batch(event, context)
