"""Publishing to the flash-sale orders queue: admission (the API function) sends here, apart from the consumer."""

from __future__ import annotations

from chalicelib.core import queues
from chalicelib.seckill.models import SeckillOrder

QUEUE = "seckill-orders"


def publish(message: SeckillOrder) -> None:
    """Queue an admitted request for the consumer."""
    queues.send(QUEUE, message)
