"""TransactWriteItems with labelled items, so a cancellation says which condition failed."""

from __future__ import annotations

import random
import time
import uuid
from types import TracebackType
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core.errors import ServiceUnavailable
from chalicelib.core.storage import connection

_FAILED = "ConditionalCheckFailed"
# Cancellation reasons meaning "another writer or the table's capacity", never "your condition failed".
_TRANSIENT = {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}
CONFLICT_RETRIES = 2
CONFLICT_BACKOFF_SECONDS = 0.05


def _token() -> str:
    return uuid.uuid4().hex


class TransactionCancelled(Exception):
    """The transaction changed nothing; `failed` holds the labels whose conditions failed."""

    def __init__(self, failed: list[str], reasons: list[str | None]) -> None:
        super().__init__(f"transaction cancelled: {failed or reasons}")
        self.failed = failed
        self.reasons = reasons


class Transaction:
    """A context manager: add labelled items, commit on exit, raise TransactionCancelled when a condition fails.

    Cancelled by another writer or by throttling, it is sent again twice with backoff, then ServiceUnavailable.
    """

    def __init__(self, client_request_token: str | None = None) -> None:
        # Always a token: botocore resends a request whose answer timed out, and DynamoDB then applies it once
        # rather than failing the resend's own conditions on what the first send wrote.
        self._tx = TransactWrite(connection=connection(), client_request_token=client_request_token or _token())
        # pynamodb sends condition checks, deletes, puts, then updates; keep labels in that order.
        self._labels: dict[str, list[str]] = {"check": [], "delete": [], "put": [], "update": []}

    def check(self, model_cls: type[Model], hash_key: Any, range_key: Any, condition: Condition, label: str) -> None:
        """Require a condition on an item without writing it."""
        self._tx.condition_check(model_cls, hash_key, range_key, condition=condition)
        self._labels["check"].append(label)

    def save(self, model: Model, condition: Condition | None = None, label: str = "") -> None:
        """Put an item."""
        self._tx.save(model, condition=condition)
        self._labels["put"].append(label)

    def update(self, model: Model, actions: list[Action], condition: Condition | None = None, label: str = "") -> None:
        """Update an item in place (ADD, SET, REMOVE) under an optional condition."""
        self._tx.update(model, actions=actions, condition=condition)
        self._labels["update"].append(label)

    def delete(self, model: Model, condition: Condition | None = None, label: str = "") -> None:
        """Delete an item."""
        self._tx.delete(model, condition=condition)
        self._labels["delete"].append(label)

    def __enter__(self) -> Transaction:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            return
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                self._tx.__exit__(None, None, None)
                return
            except TransactWriteError as error:
                if error.cause_response_code != "TransactionCanceledException":
                    raise
                reasons = [r.code if r else None for r in (error.cancellation_reasons or [])]
                failed = [label for label, code in zip(self._ordered(), reasons, strict=False) if code == _FAILED]
                codes = {code for code in reasons if code not in (None, "None")}
                if failed or not codes:
                    raise TransactionCancelled(failed, reasons) from None
                if not codes <= _TRANSIENT:
                    raise  # neither a business answer nor transient: a bug, shown as it is
                if attempt == CONFLICT_RETRIES:
                    raise ServiceUnavailable() from error
                # Cancelled whole by another writer or by throttling, so nothing was written: sending again is safe,
                # as a new request (a completed token would answer the cancellation again for 10 minutes).
                time.sleep(CONFLICT_BACKOFF_SECONDS * 2**attempt * random.uniform(0.5, 1.5))
                self._tx._client_request_token = _token()

    def _ordered(self) -> list[str]:
        return [label for kind in ("check", "delete", "put", "update") for label in self._labels[kind]]
