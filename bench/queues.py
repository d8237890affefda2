"""Drive a queue consumer as Lambda does: real messages from the queue, handed over as a real SQS event."""

from __future__ import annotations

from typing import Any

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings
from devstack.events import failed_message_ids, lambda_context, sqs_event

REGION = "us-east-1"


def drain(logical_queue: str, handler_name: str, max_batches: int = 500) -> int:
    """Hand whatever waits (and whatever the handler queues meanwhile) to the handler; returns messages handled.

    Records the handler reports as failed are left on the queue (they come back after the visibility timeout).
    """
    import app as app_module

    handler = getattr(app_module, handler_name)
    sqs = aws_client("sqs")
    url = sqs.get_queue_url(QueueName=get_settings().queue(logical_queue))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    handled = 0
    for _ in range(max_batches):
        received: list[dict[str, Any]] = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], MessageAttributeNames=["All"]
        ).get("Messages", [])
        if not received:
            break
        result = handler(sqs_event(received, arn, REGION), lambda_context(handler_name, 512, 30, REGION, "1"))
        failed = failed_message_ids(result, [m["MessageId"] for m in received])
        for message in received:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        handled += len(received)
    return handled
