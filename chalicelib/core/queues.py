"""SQS by logical queue name: URLs from the stack's prefix (else looked up once per process), typed messages as JSON."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings


@cache
def queue_url(logical_name: str) -> str:
    """The URL of a queue (`notifications`, `feed-fanout` ...): QUEUE_URL_PREFIX + its name, else looked up once."""
    return _url_of(get_settings().queue(logical_name))


def _url_of(name: str) -> str:
    prefix = get_settings().queue_url_prefix
    # The stack's queues' own URL format: no GetQueueUrl round trip on a restored copy's first send.
    return prefix + name if prefix else str(aws_client("sqs").get_queue_url(QueueName=name)["QueueUrl"])


@cache
def queue_arn(logical_name: str) -> str:
    """The ARN of a queue (Scheduler targets need it, where SQS calls need the URL)."""
    attributes = aws_client("sqs").get_queue_attributes(QueueUrl=queue_url(logical_name), AttributeNames=["QueueArn"])
    return str(attributes["Attributes"]["QueueArn"])


def url_of_arn(arn: str) -> str:
    """The URL of the queue an event source ARN names (a record says where it came from by ARN)."""
    return _url_of(arn.rsplit(":", 1)[-1])


def send(logical_name: str, message: BaseModel) -> None:
    """Queue one message for the queue's consumer."""
    aws_client("sqs").send_message(QueueUrl=queue_url(logical_name), MessageBody=message.model_dump_json())
