"""TransactWriteItems with labelled items, so a cancellation says which condition failed."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core.storage import connection


class TransactionCancelled(Exception):
    """The transaction changed nothing; `failed` holds the labels whose conditions failed."""

    def __init__(self, failed: list[str], reasons: list[str | None]) -> None:
        super().__init__(f"transaction cancelled: {failed or reasons}")
        self.failed = failed
        self.reasons = reasons


class Transaction:
    """A context manager: add labelled items, commit on exit, raise TransactionCancelled on conflict."""

    def __init__(self, client_request_token: str | None = None) -> None:
        self._tx = TransactWrite(connection=connection(), client_request_token=client_request_token)
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
        try:
            self._tx.__exit__(None, None, None)
        except TransactWriteError as error:
            if error.cause_response_code != "TransactionCanceledException":
                raise
            ordered = [label for kind in ("check", "delete", "put", "update") for label in self._labels[kind]]
            reasons = [r.code if r else None for r in (error.cancellation_reasons or [])]
            failed = [label for label, code in zip(ordered, reasons, strict=False) if code == "ConditionalCheckFailed"]
            if not failed and any(code not in (None, "None", "ConditionalCheckFailed") for code in reasons):
                raise  # a conflict with another transaction or throttling: transient, not a business answer
            raise TransactionCancelled(failed, reasons) from None
