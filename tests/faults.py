"""Injected faults for tests: a stopped Redis, DynamoDB errors on chosen operations, a Lambda killed mid-batch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from botocore.client import BaseClient
from botocore.exceptions import ClientError

from chalicelib.core.clients import aws_client, reset_clients
from chalicelib.core.queues import queue_url
from chalicelib.core.settings import get_settings
from devstack.drain import drain

DEAD_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every call fails as with a stopped server


class LambdaKilled(BaseException):
    """What a timeout or an out-of-memory kill looks like from inside: nothing after it runs, nothing catches it."""


@contextmanager
def redis_stopped() -> Iterator[None]:
    """Point the app at a dead Redis for the block, then back at the live one."""
    settings = get_settings()
    settings.redis_url = DEAD_REDIS_URL
    reset_clients()
    try:
        yield
    finally:
        settings.redis_url = os.environ["REDIS_URL"]
        reset_clients()


def client_error(code: str, operation: str, reasons: list[str] | None = None) -> ClientError:
    """A DynamoDB error as botocore raises it; `reasons` become a cancelled transaction's CancellationReasons."""
    response: dict[str, Any] = {"Error": {"Code": code, "Message": "injected"}, "ResponseMetadata": {}}
    if reasons is not None:
        response["CancellationReasons"] = [{"Code": reason, "Message": reason} for reason in reasons]
    return ClientError(response, operation)


@contextmanager
def dynamodb_failing(failure: Callable[[str, dict[str, Any]], ClientError | None]) -> Iterator[list[str]]:
    """DynamoDB calls for which `failure(operation, params)` gives an error raise it; yields the failed operations.

    The patch sits below botocore's retries, so every attempt fails, as under sustained throttling.
    """
    original = BaseClient._make_api_call
    failed: list[str] = []

    def call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        error = failure(operation, params) if client.meta.service_model.service_name == "dynamodb" else None
        if error is not None:
            failed.append(operation)
            raise error
        return original(client, operation, params)

    with mock.patch.object(BaseClient, "_make_api_call", call):
        yield failed


def throttled(*operations: str) -> Callable[[str, dict[str, Any]], ClientError | None]:
    """Every call of the named operations is throttled."""

    def failure(operation: str, params: dict[str, Any]) -> ClientError | None:
        if operation in operations:
            return client_error("ProvisionedThroughputExceededException", operation)
        return None

    return failure


def first(
    times: int, failure: Callable[[str, dict[str, Any]], ClientError | None]
) -> Callable[..., ClientError | None]:
    """The same fault, for its first `times` occurrences only."""
    seen = 0

    def limited(operation: str, params: dict[str, Any]) -> ClientError | None:
        nonlocal seen
        error = failure(operation, params) if seen < times else None
        seen += error is not None
        return error

    return limited


def transaction_conflict(operation: str, params: dict[str, Any]) -> ClientError | None:
    """TransactWriteItems is cancelled because another transaction held one of its items."""
    if operation != "TransactWriteItems":
        return None
    items = len(params.get("TransactItems", []))
    return client_error("TransactionCanceledException", operation, ["TransactionConflict"] + ["None"] * (items - 1))


@contextmanager
def killed_on_call(module: Any, name: str, nth: int) -> Iterator[None]:
    """`module.name` kills the Lambda on its nth call, before doing anything; the calls before it complete."""
    original = getattr(module, name)
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == nth:
            raise LambdaKilled(f"killed on call {nth} of {name}")
        return original(*args, **kwargs)

    with mock.patch.object(module, name, wrapper):
        yield


@contextmanager
def recorded_records(handler_name: str) -> Iterator[list[dict[str, Any]]]:
    """Patch the app's queue handler to record every SQS record it is handed (body, receipt handle)."""
    import app as app_module

    handler = getattr(app_module, handler_name)
    records: list[dict[str, Any]] = []

    def recording(event: dict[str, Any], context: Any) -> Any:
        records.extend(event["Records"])
        return handler(event, context)

    with mock.patch.object(app_module, handler_name, recording):
        yield records


def reopen(logical_queue: str, records: list[dict[str, Any]]) -> None:
    """Make in-flight messages visible now, as their visibility timeout would; raises if one was deleted."""
    sqs, url = aws_client("sqs"), queue_url(logical_queue)
    for record in records:
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=record["receiptHandle"], VisibilityTimeout=0)


def consume_killed(logical_queue: str, handler_name: str) -> list[dict[str, Any]]:
    """Run one batch through a handler that is killed mid-way, then let its messages come back; returns its records.

    A message deleted despite the kill makes `reopen` raise.
    """
    with recorded_records(handler_name) as records:
        try:
            drain(logical_queue, handler_name, max_batches=1)
        except LambdaKilled:
            pass
        else:
            raise AssertionError("the handler was not killed")
    reopen(logical_queue, records)
    return records
