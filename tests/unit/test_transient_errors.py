"""Which failures of a backing service answer 503 (retry) rather than 500 (core/http.py)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, ConnectTimeoutError, ReadTimeoutError
from pynamodb.exceptions import GetError, PutError, TransactWriteError

from chalicelib.core.http import _is_transient


def _client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, "GetItem")


@pytest.mark.parametrize(
    "cause",
    [
        ReadTimeoutError(endpoint_url="http://dynamodb"),  # its `response` is None
        ConnectTimeoutError(endpoint_url="http://dynamodb"),
        _client_error("ProvisionedThroughputExceededException"),
        _client_error("ThrottlingException"),
    ],
)
def test_a_model_call_that_timed_out_or_was_throttled_is_transient(cause: Exception) -> None:
    for error in (GetError("get", cause), PutError("put", cause), TransactWriteError("tx", cause)):
        assert _is_transient(error) is True


def test_a_model_call_refused_for_good_is_not_transient() -> None:
    assert _is_transient(GetError("get", _client_error("ValidationException"))) is False
    assert _is_transient(GetError("get", None)) is False
