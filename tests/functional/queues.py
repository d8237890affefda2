"""Drive a queue consumer the way Lambda does: real messages from the queue, a real SQS event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings
from devstack.events import failed_message_ids, lambda_context, sqs_event


def consume(logical_queue: str, handler_name: str, max_batches: int = 5) -> int:
    """Receive what is waiting, hand it to the handler, delete what succeeded; returns messages handled."""
    import app as app_module

    sqs = aws_client("sqs")
    url = sqs.get_queue_url(QueueName=get_settings().queue(logical_queue))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    handled = 0
    for _ in range(max_batches):
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], MessageAttributeNames=["All"]
        ).get("Messages", [])
        if not messages:
            break
        result = getattr(app_module, handler_name)(
            sqs_event(messages, arn, "us-east-1"), lambda_context(handler_name, 256, 30, "us-east-1", "123456789012")
        )
        failed = failed_message_ids(result, [m["MessageId"] for m in messages])
        for message in messages:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        handled += len(messages)
    return handled


def outbox(kind: str) -> list[dict[str, Any]]:
    """Every message the local provider has written to an outbox."""
    settings = get_settings()
    path = Path(settings.sms_outbox if kind == "sms" else settings.email_outbox)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
