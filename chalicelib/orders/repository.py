"""Orders in DynamoDB: the reads checkout and the order services make, and the conditional writes that move stock.

`Orders` is what the services need; `DynamoOrders` is the one the app runs on (the unit tests bring an in-memory
one). Only this module builds keys and sees pynamodb: it answers plain records and domain errors. Stock and the
checkout's SKUs and address are the catalogue's and the address book's, reached through the pieces they offer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.addresses import transactions as address_book
from chalicelib.catalogue import transactions as catalogue
from chalicelib.core import raw_dynamodb
from chalicelib.core.errors import Conflict, NotFound, OutOfStock
from chalicelib.core.storage import get_or_none, write_if
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.orders import tables
from chalicelib.orders.models import Draft, KeyAlreadyUsed, Order, SkuForSale, Status
from chalicelib.orders.tables import UNPAID_BUCKETS, OrderKeyModel, OrderModel

# How long an Idempotency-Key keeps answering the order it placed.
KEY_TTL = timedelta(days=1)


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

    def order_for_derived_key(self, user_id: int, key: str, now: datetime) -> str | None:
        """The order a derived key placed, while its guard's window is open at `now`; else None."""
        ...

    def place(self, draft: Draft, now: datetime) -> None:
        """Write the order, its key guard and every line's stock move, all or nothing; OutOfStock, KeyAlreadyUsed.

        A derived key's guard (`draft.key_window` set) older than its window gives way to the new order.
        """
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


def key_id(user_id: int, key: str) -> str:
    """The guard item's key: scoped to the user, so two users' equal keys never meet."""
    return f"order-key#{user_id}#{key}"


class DynamoOrders:
    """Orders keyed by (user_id, order_id); each write has a condition DynamoDB checks, so racers cannot both win."""

    def checkout_inputs(
        self, user_id: int, address_id: int, sku_ids: list[int]
    ) -> tuple[dict[int, SkuForSale], dict[str, Any]]:
        """The SKUs and the caller's address in ONE BatchGetItem over both tables; NotFound if no address."""
        skus_table, addresses_table = catalogue.skus_table(), address_book.addresses_table()
        request = {
            skus_table: catalogue.sku_keys(sku_ids),
            addresses_table: [address_book.address_key(user_id, address_id)],
        }
        # The address consistent, so one created a moment ago is found; the SKUs projected and eventually consistent.
        found = raw_dynamodb.batch_get(request, consistent=True, options={skus_table: catalogue.sku_read()})
        address = address_book.snapshot(found[addresses_table])
        if address is None:
            raise NotFound("address not found")
        skus = [catalogue.sku_of(item) for item in found[skus_table]]
        return {s.sku_id: SkuForSale(s.sku_id, s.spu_id, s.name, s.default_image_url, s.price) for s in skus}, address

    def order_for_key(self, user_id: int, key: str) -> str | None:
        """The order a key already placed, or None (a strongly consistent GetItem)."""
        guard = get_or_none(OrderKeyModel, key_id(user_id, key), consistent_read=True)
        return None if guard is None else str(guard.order_id)

    def order_for_derived_key(self, user_id: int, key: str, now: datetime) -> str | None:
        """The order a derived key placed while its window is open (a strongly consistent GetItem), or None.

        TTL deletes an expired guard only lazily, so the expiration is checked here, as place's condition does.
        """
        guard = get_or_none(OrderKeyModel, key_id(user_id, key), consistent_read=True)
        return str(guard.order_id) if guard is not None and guard.expiration >= now else None

    def place(self, draft: Draft, now: datetime) -> None:
        """Put the order (and its key guard) and take every line's stock in ONE transaction; all or nothing."""
        try:
            with Transaction() as tx:
                tx.save(tables.order_item(draft), condition=OrderModel.order_id.does_not_exist(), label="order")
                if draft.key is not None:
                    _guard(tx, draft, now)
                catalogue.take_stock(tx, draft.lines)
        except TransactionCancelled as exc:
            if "key" in exc.failed:
                raise KeyAlreadyUsed("this request already placed an order") from None
            if short := catalogue.short_skus(exc.failed):
                raise OutOfStock(f"stock insufficient: sku {', '.join(map(str, short))}", sku_ids=short) from None
            if "order" in exc.failed:
                raise Conflict("order id taken, retry") from None
            raise

    def get(self, user_id: int, order_id: str) -> Order:
        """The caller's order (someone else's is simply not under the caller's key); NotFound otherwise."""
        found = get_or_none(OrderModel, user_id, order_id, consistent_read=True)
        if found is None:
            raise NotFound("order not found")
        return tables.order(found)

    def newest(self, user_id: int, skip: int, take: int) -> tuple[int, list[Order]]:
        """The user's order count and `take` orders after the newest `skip`, from one partition (no Scan)."""
        total = OrderModel.count(user_id)
        orders = list(OrderModel.query(user_id, scan_index_forward=False, limit=skip + take))
        return total, [tables.order(model) for model in orders[skip:]]

    def cancel(self, order: Order, allowed: tuple[Status, ...]) -> None:
        """Set CANCELED and give stock and sales back in the SAME transaction, only from an `allowed` status.

        The status condition makes the stock come back exactly once, whoever races (user, schedule, sweeper).
        """
        try:
            with Transaction() as tx:
                tx.update(
                    OrderModel(order.user_id, order.order_id),
                    actions=[OrderModel.status.set(Status.CANCELED), OrderModel.unpaid_bucket.remove()],
                    condition=OrderModel.status.is_in(*allowed),
                    label="order",
                )
                if order.dedup_key is not None:
                    tx.delete(OrderKeyModel(key_id(order.user_id, order.dedup_key)), label="key")
                catalogue.release_stock(tx, order.lines)
        except TransactionCancelled as exc:
            if "order" in exc.failed:
                raise Conflict("the order cannot be cancelled in its state") from None
            raise

    def pay(self, user_id: int, order_id: str) -> bool:
        """UNPAID → UNSEND with one conditional UpdateItem; False when the order is not UNPAID (or absent)."""
        order = OrderModel(user_id, order_id)
        return write_if(lambda: order.update(actions=tables.paid(), condition=OrderModel.status == Status.UNPAID))

    def unpaid_before(self, cutoff: datetime, limit: int) -> list[tuple[int, str]]:
        """(user_id, order_id) of orders still UNPAID created before `cutoff`, read from the sparse index."""
        keys: list[tuple[int, str]] = []
        for bucket in range(UNPAID_BUCKETS):
            query = OrderModel.unpaid.query(bucket, OrderModel.create_time < cutoff, limit=limit)
            keys.extend((int(o.user_id), str(o.order_id)) for o in query)
        return keys


def pay_in(tx: Transaction, user_id: int, order_id: str, label: str) -> None:
    """UNPAID → UNSEND as a piece of a caller's transaction, cancelled under `label` if the order is not UNPAID."""
    tx.update(
        OrderModel(user_id, order_id), actions=tables.paid(), condition=OrderModel.status == Status.UNPAID, label=label
    )


def _guard(tx: Transaction, draft: Draft, now: datetime) -> None:
    """The key's guard item, written only if no live guard names another order (the condition is the whole check)."""
    assert draft.key is not None
    condition = OrderKeyModel.id.does_not_exist()
    if draft.key_window is not None:
        # A derived key stands for "the same request" only within its window; DynamoDB's TTL deletes lazily, so
        # an expired guard may still be there and must give way here.
        condition = condition | (OrderKeyModel.expiration < now)
    expiration = now + (draft.key_window or KEY_TTL)
    guard = OrderKeyModel(key_id(draft.user_id, draft.key), order_id=draft.order_id, expiration=expiration)
    tx.save(guard, condition=condition, label="key")


DYNAMO_ORDERS = DynamoOrders()
