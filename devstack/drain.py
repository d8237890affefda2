"""Hand what waits on a queue to the app's consumer as Lambda would: a real SQS event, then delete what succeeded.

Tests and the benchmark call it in their own process, where the event pump is not running; they decide when
the consumer runs, so they can count its requests or kill it mid-batch.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from chalice.local import LambdaContext

from chalicelib.core.clients import aws_client
from chalicelib.core.queues import queue_arn, queue_url
from devstack.events import failed_message_ids, lambda_context, sqs_event
from devstack.moto_server import ACCOUNT_ID, REGION
from devstack.stack_env import STAGE, chalice_config, lambda_settings

MAX_RECEIVE = 10  # SQS hands out at most 10 messages per receive


@cache
def _context(app_name: str, handler_name: str) -> tuple[str, int, int]:
    # The memory and timeout Chalice deploys the consumer with, read once per process.
    memory, timeout = lambda_settings(chalice_config(), handler_name)
    return f"{app_name}-{STAGE}-{handler_name}", memory, timeout


def consumer_context(app_name: str, handler_name: str) -> LambdaContext:
    """A fresh Lambda context for one invocation of the consumer, named and sized as deployed."""
    function_name, memory, timeout = _context(app_name, handler_name)
    return lambda_context(function_name, memory, timeout, REGION, ACCOUNT_ID)


def drain(logical_queue: str, handler_name: str, max_batches: int = 500) -> int:
    """Receive what waits (and what the consumer queues meanwhile), hand it over, delete what succeeded.

    Returns the messages handed over. Records the consumer reports as failed stay on the queue and come back
    after their visibility timeout; an exception from the consumer propagates and deletes nothing, as when a
    Lambda invocation fails.
    """
    # Looked up at call time, so a test that patches the app's handler is what runs.
    import app as app_module

    sqs = aws_client("sqs")
    url, arn = queue_url(logical_queue), queue_arn(logical_queue)
    handled = 0
    for _ in range(max_batches):
        received: list[dict[str, Any]] = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=MAX_RECEIVE, AttributeNames=["All"], MessageAttributeNames=["All"]
        ).get("Messages", [])
        if not received:
            break
        handler = getattr(app_module, handler_name)
        result = handler(sqs_event(received, arn, REGION), consumer_context(app_module.app.app_name, handler_name))
        failed = failed_message_ids(result, [m["MessageId"] for m in received])
        for message in received:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        handled += len(received)
    return handled
