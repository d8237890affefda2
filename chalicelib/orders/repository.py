"""Orders in DynamoDB: the reads checkout and the order services make, and the conditional writes that move stock.

`Orders` is what the services need; `DynamoOrders` is the one the app runs on (the unit tests bring an in-memory
one), its reads in reads.py and its writes in writes.py. Only those modules build keys and see pynamodb: they
answer plain dataclasses and domain errors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from chalicelib.orders.models import Draft, Order, SkuForSale, Status
from chalicelib.orders.reads import OrderReads
from chalicelib.orders.writes import OrderWrites


class Orders(Protocol):
    """The storage the order services run on."""

    def checkout_inputs(
        self, user_id: int, address_id: int, sku_ids: list[int]
    ) -> tuple[dict[int, SkuForSale], dict[str, Any]]:
        """The SKUs found (unknown ids absent) and the caller's address snapshot; NotFound if no such address."""
        ...

    def order_for_key(self, user_id: int, key: str) -> str | None:
        """The order a key (Idempotency-Key or derived) already placed, or None."""
        ...

    def place(self, draft: Draft, now: datetime) -> None:
        """Write the order, its key guard and every line's stock move, all or nothing; OutOfStock, KeyAlreadyUsed.

        A derived key's guard (`draft.key_window` set) older than its window gives way to the new order.
        """
        ...

    def order_for_derived_key(self, user_id: int, key: str, now: datetime) -> str | None:
        """The order a derived key placed, while its guard's window is open at `now`; else None."""
        ...

    def get(self, user_id: int, order_id: str) -> Order:
        """The caller's order; NotFound otherwise."""
        ...

    def newest(self, user_id: int, skip: int, take: int) -> tuple[int, list[Order]]:
        """The user's order count and `take` orders after the newest `skip`."""
        ...

    def cancel(self, order: Order, allowed: tuple[Status, ...]) -> None:
        """CANCELED and the stock given back, once, only from an `allowed` status; Conflict otherwise.

        A derived key's guard goes with it, so the same request can order again at once.
        """
        ...

    def pay(self, user_id: int, order_id: str) -> bool:
        """UNPAID → UNSEND; False when the order is not UNPAID (or absent)."""
        ...

    def unpaid_before(self, cutoff: datetime, limit: int) -> list[tuple[int, str]]:
        """(user_id, order_id) of UNPAID orders created before `cutoff`, at most `limit` per index partition."""
        ...


class DynamoOrders(OrderReads, OrderWrites):
    """Orders keyed by (user_id, order_id); checkout places one in ONE TransactWriteItems with its stock."""


DYNAMO_ORDERS = DynamoOrders()
