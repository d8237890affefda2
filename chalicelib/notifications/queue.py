"""Publishing to the notifications queue."""

from __future__ import annotations

from chalicelib.core import queues
from chalicelib.notifications.models import EmailMessage, SmsMessage

QUEUE = "notifications"


def publish(message: SmsMessage | EmailMessage) -> None:
    """Queue a notification for the consumer; nothing is sent inside the request."""
    queues.send(QUEUE, message)
