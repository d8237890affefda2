"""Move the messages of a queue's dead-letter queue back to the queue: `python -m infra.admin redrive QUEUE`.

A message lands in `<queue>-dlq` after its consumer failed it maxReceiveCount times; once the cause is fixed it is
sent again. Receive, send to the source, then delete from the DLQ: a message is deleted only after the source has
it, so a crash midway repeats messages (the consumers are idempotent) and never loses one.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings

BATCH = 10  # SQS's most per receive and per batch send


def _move_batch(sqs: Any, dlq_url: str, source_url: str) -> tuple[int, int]:
    received = sqs.receive_message(
        QueueUrl=dlq_url, MaxNumberOfMessages=BATCH, WaitTimeSeconds=1, MessageAttributeNames=["All"]
    ).get("Messages", [])
    if not received:
        return 0, 0
    entries = [
        {
            "Id": str(i),
            "MessageBody": m["Body"],
            **({"MessageAttributes": m["MessageAttributes"]} if m.get("MessageAttributes") else {}),
        }
        for i, m in enumerate(received)
    ]
    sent = sqs.send_message_batch(QueueUrl=source_url, Entries=entries)
    ok = {entry["Id"] for entry in sent.get("Successful", [])}
    done = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(received) if str(i) in ok]
    if done:
        sqs.delete_message_batch(QueueUrl=dlq_url, Entries=done)
    return len(done), len(received) - len(done)


def redrive(queue: str, limit: int | None = None) -> str:
    """Move up to `limit` (else all) messages of `queue`'s DLQ back to `queue`; says how many moved and failed."""
    settings, sqs = get_settings(), aws_client("sqs")
    source_url = sqs.get_queue_url(QueueName=settings.queue(queue))["QueueUrl"]
    dlq_url = sqs.get_queue_url(QueueName=settings.queue(f"{queue}-dlq"))["QueueUrl"]
    moved = failed = 0
    while limit is None or moved + failed < limit:
        batch_moved, batch_failed = _move_batch(sqs, dlq_url, source_url)
        if batch_moved + batch_failed == 0:
            break
        moved, failed = moved + batch_moved, failed + batch_failed
        if batch_moved == 0:  # the source refuses them all: stop rather than spin
            break
    return f"{queue}: moved {moved} message(s) from {settings.queue(f'{queue}-dlq')}, {failed} not sent (left there)"
