"""The response envelope and the one place where errors become HTTP responses (parsing requests: parsing.py)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from chalice import Response
from pynamodb.exceptions import PynamoDBException

from chalicelib.core.errors import AppError, ServiceUnavailable, TooFrequent
from chalicelib.core.observability import logger

REQUEST_ID_HEADER = "X-Request-Id"

# Storage answers that mean "try again later", never "your request was wrong".
_TRANSIENT_CODES = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "TransactionConflictException",
}


def ok(status: int = 200, /, **data: Any) -> Response:
    """The contract's success envelope with data fields beside `code` and `errmsg`.

    `status` is positional-only, so a data field named `status` (an order's, a follow's) stays in the body.
    """
    body = {"code": "0", "errmsg": "OK", **data}
    return Response(body=body, status_code=status, headers={"Content-Type": "application/json"})


def bare(value: list[Any] | str, status: int = 200) -> Response:
    """A success answered as a bare JSON array or string, where a seed's page reads the body itself as one."""
    if not isinstance(value, (list, str)):
        raise TypeError(f"a bare answer is a list or a string, not {type(value).__name__}")
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Response(body=body, status_code=status, headers={"Content-Type": "application/json"})


def error_response(exc: AppError, request_id: str | None = None) -> Response:
    """The contract's error envelope for a domain error, with the request id to quote in a support ticket."""
    body: dict[str, Any] = {"code": exc.code, "errmsg": exc.message, **exc.extra}
    headers: dict[str, str | list[str]] = {"Content-Type": "application/json"}
    if request_id:
        body["request_id"] = request_id
    if isinstance(exc, TooFrequent):
        headers["Retry-After"] = str(exc.retry_after)
    return Response(body=body, status_code=exc.status, headers=headers)


def _redis_outage(exc: Exception) -> bool:
    # redis-py is imported on the first get_redis(); a function that never loaded it cannot have raised its errors,
    # and importing it here would cost every function ~115 ms of cold import.
    redis = sys.modules.get("redis")
    return redis is not None and isinstance(exc, (redis.ConnectionError, redis.TimeoutError))


def _is_transient(exc: Exception) -> bool:
    if _redis_outage(exc):
        return True
    if isinstance(exc, BotoCoreError):
        return not isinstance(exc, ClientError)
    if isinstance(exc, ClientError):
        return exc.response.get("Error", {}).get("Code") in _TRANSIENT_CODES
    if isinstance(exc, PynamoDBException):
        # A timeout's cause (botocore's ReadTimeoutError) has `response = None`, on which pynamodb's
        # cause_response_code raises: a timed-out model call must answer 503, never a 500.
        if isinstance(exc.cause, BotoCoreError) and not isinstance(exc.cause, ClientError):
            return True
        response = getattr(exc.cause, "response", None) or {}
        return response.get("Error", {}).get("Code") in _TRANSIENT_CODES
    return False


def answer(fn: Callable[[], Any], request_id: str | None = None) -> Response:
    """Run a view and map what it raises to the contract; never leak a stack trace.

    Every answer names its request id in a header, every error also in its body.
    """
    try:
        result = fn()
        response = result if isinstance(result, Response) else ok(**result)
    except AppError as exc:
        response = error_response(exc, request_id)
    except Exception as exc:
        if _is_transient(exc):
            logger.warning("backing service unavailable", exc_info=True)
            response = error_response(ServiceUnavailable(), request_id)
        else:
            logger.exception("unhandled error")
            response = error_response(AppError(), request_id)
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    return response
