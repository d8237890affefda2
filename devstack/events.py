"""Pure builders of the payloads Lambda hands to SQS and scheduled handlers, and of the Lambda context."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from chalice.local import LambdaContext


def _lambda_attribute(value: Mapping[str, Any]) -> dict[str, Any]:
    # Lambda camel-cases SQS message attributes and base64-encodes binary values.
    binary = value.get("BinaryValue")
    if isinstance(binary, bytes | bytearray):
        binary = base64.b64encode(binary).decode()
    attribute: dict[str, Any] = {
        "stringListValues": list(value.get("StringListValues", [])),
        "binaryListValues": [base64.b64encode(b).decode() for b in value.get("BinaryListValues", [])],
        "dataType": value["DataType"],
    }
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if binary is not None:
        attribute["binaryValue"] = binary
    return attribute


def sqs_record(message: Mapping[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    """One Lambda SQS record built from a boto3 receive_message() message."""
    record = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        # Lambda passes the system attributes through as strings, same names as SQS returns them.
        "attributes": dict(message.get("Attributes", {})),
        "messageAttributes": {k: _lambda_attribute(v) for k, v in message.get("MessageAttributes", {}).items()},
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }
    if "MD5OfMessageAttributes" in message:
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    return record


def sqs_event(messages: Iterable[Mapping[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    """A Lambda SQS event with one record per message."""
    return {"Records": [sqs_record(m, queue_arn, region) for m in messages]}


def failed_message_ids(result: Any, message_ids: Iterable[str]) -> set[str]:
    """Message ids a handler's return value reports as failed, following Lambda's ReportBatchItemFailures rules."""
    ids = set(message_ids)
    if not isinstance(result, Mapping) or not result.get("batchItemFailures"):
        # None, an empty list or any other value means the whole batch succeeded.
        return set()
    failures = result["batchItemFailures"]
    reported: set[str] = set()
    for item in failures if isinstance(failures, list) else [failures]:
        identifier = item.get("itemIdentifier") if isinstance(item, Mapping) else None
        if not identifier or identifier not in ids:
            # Lambda treats a malformed or unknown identifier as a failure of the whole batch.
            return ids
        reported.add(identifier)
    return reported


def scheduled_event(rule_arn: str, region: str, account: str, when: datetime) -> dict[str, Any]:
    """An EventBridge "Scheduled Event" as a rule delivers it to Lambda."""
    utc = when.astimezone(UTC) if when.tzinfo else when
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account,
        "time": utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [rule_arn],
        "detail": {},
    }


def lambda_context(
    function_name: str, memory_mb: int, timeout_seconds: int, region: str, account: str
) -> LambdaContext:
    """A Lambda context like chalice local's, with the ARN and log group a deployed function would have."""
    context = LambdaContext(function_name, memory_mb, max_runtime_ms=timeout_seconds * 1000)
    # chalice leaves these empty; powertools' logger puts them in every line, so make them look deployed.
    context.invoked_function_arn = f"arn:aws:lambda:{region}:{account}:function:{function_name}"
    context.log_group_name = f"/aws/lambda/{function_name}"
    return context
