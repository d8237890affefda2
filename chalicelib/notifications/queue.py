"""Publishing to the notifications queue."""

from __future__ import annotations

from functools import cache

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings
from chalicelib.notifications.models import EmailMessage, SmsMessage


@cache
def queue_url(logical_name: str) -> str:
    """The URL of a queue, looked up once per process."""
    name = get_settings().queue(logical_name)
    return str(aws_client("sqs").get_queue_url(QueueName=name)["QueueUrl"])


def publish(message: SmsMessage | EmailMessage) -> None:
    """Queue a notification for the consumer; nothing is sent inside the request."""
    aws_client("sqs").send_message(QueueUrl=queue_url("notifications"), MessageBody=message.model_dump_json())
