"""The app's SQS consumers fed the way Lambda's event source mapping would: receive, invoke, delete what succeeded."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from chalice.app import SQSEventConfig

from devstack.events import failed_message_ids, sqs_event
from devstack.recurring import Invoker

log = logging.getLogger("devstack.pump")

MAX_RECEIVE = 10  # SQS returns at most 10 messages per receive


@dataclass
class PollResult:
    """What one receive-and-handle round did on one queue."""

    queue: str
    message_ids: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    error: str | None = None  # set when the handler raised


@dataclass
class _Queue:
    name: str
    url: str
    arn: str


class QueuePoller:
    """One receive-and-handle round at a time on a consumer's queue (the queue's URL and ARN looked up once)."""

    def __init__(
        self, sqs_client: Any, invoke: Invoker, *, wait_seconds: int = 1, visibility_timeout: int | None = None
    ) -> None:
        self.sqs = sqs_client
        self._invoke = invoke
        self.wait_seconds = wait_seconds
        self.visibility_timeout = visibility_timeout
        self.region: str = sqs_client.meta.region_name
        self._queues: dict[str, _Queue] = {}

    def _queue(self, config: SQSEventConfig) -> _Queue:
        name = str(config.queue)
        if name not in self._queues:
            url = self.sqs.get_queue_url(QueueName=name)["QueueUrl"]
            arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            self._queues[name] = _Queue(name, url, arn)
        return self._queues[name]

    def poll_once(self, config: SQSEventConfig, wait_seconds: int | None = None) -> PollResult:
        """Receive one batch for a consumer, call it with a real SQS event and delete what it did not fail."""
        queue = self._queue(config)
        request: dict[str, Any] = {
            "QueueUrl": queue.url,
            "MaxNumberOfMessages": max(1, min(config.batch_size, MAX_RECEIVE)),
            "WaitTimeSeconds": self.wait_seconds if wait_seconds is None else wait_seconds,
            "MessageSystemAttributeNames": ["All"],
            "MessageAttributeNames": ["All"],
        }
        if self.visibility_timeout is not None:
            request["VisibilityTimeout"] = self.visibility_timeout
        # Redrive to the DLQ happens inside SQS (moto too) when a message is received past maxReceiveCount.
        messages = self.sqs.receive_message(**request).get("Messages", [])
        result = PollResult(queue.name, [m["MessageId"] for m in messages])
        if not messages:
            return result
        try:
            response = self._invoke(config.name, sqs_event(messages, queue.arn, self.region))
        except Exception as exc:
            # Lambda deletes nothing when the function fails: the whole batch reappears after the visibility timeout.
            log.exception("queue %s: handler %s raised on %d messages", queue.name, config.name, len(messages))
            result.failed, result.error = list(result.message_ids), f"{type(exc).__name__}: {exc}"
            return result
        failed = failed_message_ids(response, result.message_ids)
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)]
            outcome = self.sqs.delete_message_batch(QueueUrl=queue.url, Entries=entries)
            for problem in outcome.get("Failed", []):
                log.warning("queue %s: delete failed: %s", queue.name, problem)
        result.deleted = [m["MessageId"] for m in done]
        result.failed = [i for i in result.message_ids if i in failed]
        log.info("queue %s: %d received, %d failed", queue.name, len(messages), len(result.failed))
        return result
