"""Liveness: one cheap call to each backing service, and the answer they add up to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.core.clients import get_redis
from chalicelib.core.observability import logger
from chalicelib.core.storage import CounterModel

Probe = Callable[[], bool]


def dynamodb_answers() -> bool:
    """Whether DynamoDB answers a one-item Query on the counters table."""
    try:
        CounterModel.count("health-probe", limit=1)
    except Exception:
        logger.warning("dynamodb health probe failed", exc_info=True)
        return False
    return True


def redis_answers() -> bool:
    """Whether Redis answers a PING."""
    try:
        return bool(get_redis().ping())
    except Exception:
        logger.warning("redis health probe failed", exc_info=True)
        return False


def report(dynamodb: Probe = dynamodb_answers, redis: Probe = redis_answers) -> tuple[bool, dict[str, Any]]:
    """Whether every service answers, and the body that says which one does not."""
    status = {"dynamodb": "ok" if dynamodb() else "down", "redis": "ok" if redis() else "down"}
    healthy = all(v == "ok" for v in status.values())
    body = {"code": "0" if healthy else "5030", "errmsg": "OK" if healthy else "a backing service is down", **status}
    return healthy, body
