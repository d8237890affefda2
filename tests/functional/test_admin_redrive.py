"""`python -m infra.admin redrive QUEUE` against moto: a DLQ's messages go back to their queue, none lost."""

from __future__ import annotations

import uuid

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings
from devstack.backends import Backends
from infra import admin


def _url(name: str) -> str:
    return str(aws_client("sqs").get_queue_url(QueueName=get_settings().queue(name))["QueueUrl"])


def _drain(url: str) -> list[str]:
    sqs, bodies = aws_client("sqs"), []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", []):
        bodies += [m["Body"] for m in batch]
        sqs.delete_message_batch(
            QueueUrl=url, Entries=[{"Id": m["MessageId"], "ReceiptHandle": m["ReceiptHandle"]} for m in batch]
        )
    return bodies


def test_redrive_moves_every_dead_letter_back_to_its_queue(services: Backends) -> None:
    """12 messages (more than one batch) leave order-timeouts-dlq for order-timeouts, and the count is printed."""
    sqs, source, dlq = aws_client("sqs"), _url("order-timeouts"), _url("order-timeouts-dlq")
    _drain(dlq)
    bodies = [f'{{"redrive": "{uuid.uuid4()}"}}' for _ in range(12)]
    for body in bodies:
        sqs.send_message(QueueUrl=dlq, MessageBody=body)
    said = admin.main(["redrive", "order-timeouts"])
    assert "moved 12 message(s)" in said and "0 not sent" in said
    assert sorted(b for b in _drain(source) if "redrive" in b) == sorted(bodies)
    assert _drain(dlq) == []
