"""Count what code asks of DynamoDB and Redis, to pin request budgets in tests and measure them in the benchmark.

Usage: `with count_dynamodb() as dynamodb, count_redis() as trips:` around the call, then assert on
`dynamodb.operations` (e.g. ["UpdateItem"]) and `trips.round_trips` (e.g. [["GET"]]).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import botocore.client
import redis
from redis.client import Pipeline


@dataclass
class DynamoDBCalls:
    """DynamoDB operations in call order, e.g. ["GetItem", "UpdateItem"]."""

    operations: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.operations)


@contextmanager
def count_dynamodb() -> Iterator[DynamoDBCalls]:
    """Record every DynamoDB API call that any botocore client makes while the block runs.

    The count is taken where every client's calls pass, BaseClient._make_api_call (pynamodb calls it
    directly), rather than by a `before-call` event hook: botocore copies hooks into each client when
    it creates it, and pynamodb creates a client per model class and per transaction, so one hook
    registration cannot see them all. A call counts once, however often botocore retries it.
    """
    calls = DynamoDBCalls()
    original = botocore.client.BaseClient._make_api_call

    def counting(client: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
        if client.meta.service_model.service_name == "dynamodb":
            calls.operations.append(operation_name)
        return original(client, operation_name, api_params)

    with mock.patch.object(botocore.client.BaseClient, "_make_api_call", counting):
        yield calls


@dataclass
class RedisCalls:
    """Redis round trips in order; each is the list of commands it carried (a pipeline carries several)."""

    round_trips: list[list[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.round_trips)


@contextmanager
def count_redis() -> Iterator[RedisCalls]:
    """Record every round trip redis-py makes while the block runs: single commands and pipeline executions."""
    trips = RedisCalls()
    single = redis.Redis.execute_command
    batch = Pipeline.execute

    def command(client: Any, *args: Any, **options: Any) -> Any:
        trips.round_trips.append([str(args[0]).upper()])
        return single(client, *args, **options)

    def pipeline(pipe: Any, raise_on_error: bool = True) -> Any:
        stack = [str(c[0][0]).upper() for c in pipe.command_stack]
        if stack:  # redis-py sends nothing for an empty pipeline
            trips.round_trips.append(stack)
        return batch(pipe, raise_on_error)

    # Pipeline overrides execute_command (it only queues), so patching Redis's leaves queued commands uncounted.
    with mock.patch.object(redis.Redis, "execute_command", command), mock.patch.object(Pipeline, "execute", pipeline):
        yield trips
