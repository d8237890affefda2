"""Requests one operation makes, counted with devstack/counting.py's botocore and redis-py hooks, and how long a
change takes to show."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalice.test import Client

from devstack.counting import count_dynamodb, count_redis

POLL_SECONDS = 0.02  # between two looks at a change on its way: far below the figures measured (a second or so)


@dataclass
class Cost:
    """DynamoDB requests by operation name and Redis round trips of one operation."""

    dynamodb: dict[str, int] = field(default_factory=dict)
    redis: int = 0

    @property
    def requests(self) -> int:
        """DynamoDB requests in all."""
        return sum(self.dynamodb.values())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {"dynamodb": self.dynamodb, "dynamodb_total": self.requests, "redis_round_trips": self.redis}


def measure(fn: Callable[[], Any]) -> tuple[Cost, Any]:
    """Run `fn` once, counting what it asks of DynamoDB and Redis; returns the cost and fn's result."""
    with count_dynamodb() as dynamodb, count_redis() as trips:
        result = fn()
    return Cost(dict(sorted(Counter(dynamodb.operations).items())), len(trips)), result


def seconds_until(check: Callable[[], bool], limit_s: float) -> float:
    """Seconds until `check()` holds, looked at every POLL_SECONDS; infinity if it still fails after `limit_s`."""
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > limit_s:
            return float("inf")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


class Api:
    """The real app through chalice.test.Client: every route's middleware, parsing and error mapping included."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, dict[str, Any]]:
        """One request; returns (status, JSON body)."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"JWT {token}"
        payload = json.dumps(body).encode() if body is not None else b""
        response = self.client.http.request(method, path, headers=headers, body=payload)
        return response.status_code, json.loads(response.body) if response.body else {}

    def ok(self, method: str, path: str, body: Any = None, token: str | None = None) -> dict[str, Any]:
        """A request that must succeed (2xx); returns the body."""
        status, answer = self.call(method, path, body, token)
        if not 200 <= status < 300:
            raise RuntimeError(f"{method} {path} answered {status}: {answer}")
        return answer

    def measured(self, method: str, path: str, body: Any = None, token: str | None = None) -> Cost:
        """The cost of one request that must succeed."""
        cost, _ = measure(lambda: self.ok(method, path, body, token))
        return cost
