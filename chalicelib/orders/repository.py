"""Orders in DynamoDB: the reads checkout and the order services make, and the conditional writes that move stock.

`Orders` is what the services need; `DynamoOrders` is the one the app runs on (the unit tests bring an in-memory
one). Only this module builds keys and sees pynamodb: it answers plain dataclasses and domain errors.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any, Protocol

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.addresses.repository import AddressModel
from chalicelib.catalogue.repository import VIEW_ATTRIBUTES, SkuModel, SpuModel
from chalicelib.core.clients import aws_client
from chalicelib.core.errors import Conflict, NotFound, OutOfStock, ServiceUnavailable
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.orders import tables
from chalicelib.orders.errors import KeyAlreadyUsed
from chalicelib.orders.models import Draft, Line, Order, SkuForSale, Status
from chalicelib.orders.tables import UNPAID_BUCKETS, OrderKeyModel, OrderModel

# How long an Idempotency-Key keeps answering the order it placed.
KEY_TTL = timedelta(days=1)
_BATCH_ATTEMPTS = 3


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

    def latest(self, user_id: int) -> Order | None:
        """The user's newest order, or None."""
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
    """Orders keyed by (user_id, order_id); checkout places one in ONE TransactWriteItems with its stock."""

    def checkout_inputs(
        self, user_id: int, address_id: int, sku_ids: list[int]
    ) -> tuple[dict[int, SkuForSale], dict[str, Any]]:
        """The SKUs and the caller's address in ONE BatchGetItem over both tables; NotFound if no address."""
        skus_table, addresses_table = SkuModel.Meta.table_name, AddressModel.Meta.table_name
        names = {f"#a{i}": name for i, name in enumerate(VIEW_ATTRIBUTES)}
        request: dict[str, Any] = {
            skus_table: {
                "Keys": [{"sku_id": {"N": str(sku_id)}} for sku_id in sku_ids],
                "ProjectionExpression": ", ".join(names),
                "ExpressionAttributeNames": names,
            },
            # Consistent, so an address created a moment ago is found.
            addresses_table: {
                "Keys": [{"user_id": {"N": str(user_id)}, "address_id": {"N": str(address_id)}}],
                "ConsistentRead": True,
            },
        }
        found = _batch_get(request)
        addresses = [AddressModel.from_raw_data(item) for item in found.get(addresses_table, [])]
        if not addresses or addresses[0].is_deleted:
            raise NotFound("address not found")
        skus = [tables.sku_for_sale(SkuModel.from_raw_data(item)) for item in found.get(skus_table, [])]
        return {sku.sku_id: sku for sku in skus}, tables.address_snapshot(addresses[0])

    def order_for_key(self, user_id: int, key: str) -> str | None:
        """The order a key already placed, or None (a strongly consistent GetItem)."""
        try:
            return str(OrderKeyModel.get(key_id(user_id, key), consistent_read=True).order_id)
        except DoesNotExist:
            return None

    def place(self, draft: Draft, now: datetime) -> None:
        """Put the order (and its key guard) and take every line's stock in ONE transaction; all or nothing."""
        try:
            with Transaction() as tx:
                tx.save(tables.order_item(draft), condition=OrderModel.order_id.does_not_exist(), label="order")
                if draft.key is not None:
                    _guard(tx, draft, now)
                _move_stock(tx, draft.lines, -1)
        except TransactionCancelled as exc:
            if "key" in exc.failed:
                raise KeyAlreadyUsed("this request already placed an order") from None
            short = [int(label.split(":")[1]) for label in exc.failed if label.startswith("sku:")]
            if short:
                raise OutOfStock(f"stock insufficient: sku {', '.join(map(str, short))}", sku_ids=short) from None
            if "order" in exc.failed:
                raise Conflict("order id taken, retry") from None
            raise

    def get(self, user_id: int, order_id: str) -> Order:
        """The caller's order (someone else's is simply not under the caller's key); NotFound otherwise."""
        try:
            return tables.order(OrderModel.get(user_id, order_id, consistent_read=True))
        except DoesNotExist:
            raise NotFound("order not found") from None

    def latest(self, user_id: int) -> Order | None:
        """The user's newest order (one strongly consistent Query of one item), or None."""
        newest = list(OrderModel.query(user_id, scan_index_forward=False, limit=1, consistent_read=True))
        return tables.order(newest[0]) if newest else None

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
                _move_stock(tx, order.lines, +1)
        except TransactionCancelled as exc:
            if "order" in exc.failed:
                raise Conflict("the order cannot be cancelled in its state") from None
            raise

    def pay(self, user_id: int, order_id: str) -> bool:
        """UNPAID → UNSEND with one conditional UpdateItem; False when the order is not UNPAID (or absent)."""
        try:
            OrderModel(user_id, order_id).update(
                actions=[OrderModel.status.set(Status.UNSEND), OrderModel.unpaid_bucket.remove()],
                condition=OrderModel.status == Status.UNPAID,
            )
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def unpaid_before(self, cutoff: datetime, limit: int) -> list[tuple[int, str]]:
        """(user_id, order_id) of orders still UNPAID created before `cutoff`, read from the sparse index."""
        keys: list[tuple[int, str]] = []
        for bucket in range(UNPAID_BUCKETS):
            query = OrderModel.unpaid.query(bucket, OrderModel.create_time < cutoff, limit=limit)
            keys.extend((int(o.user_id), str(o.order_id)) for o in query)
        return keys


DYNAMO_ORDERS = DynamoOrders()


def _batch_get(request: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Items per table of one BatchGetItem, asking again for keys DynamoDB left unprocessed (throttling)."""
    found: dict[str, list[dict[str, Any]]] = {table: [] for table in request}
    for attempt in range(_BATCH_ATTEMPTS):
        if attempt:  # back off before asking for the rest
            time.sleep(0.05 * 2**attempt)
        answer = aws_client("dynamodb").batch_get_item(RequestItems=request)
        for table, rows in answer.get("Responses", {}).items():
            found[table].extend(rows)
        request = answer.get("UnprocessedKeys") or {}
        if not request:
            return found
    raise ServiceUnavailable("the catalogue is throttled, retry later")


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


def _move_stock(tx: Transaction, lines: list[Line], sign: int) -> None:
    """Take (sign -1) or give back (sign +1) stock, moving sales the other way; one update per SKU and per SPU."""
    per_spu: Counter[int] = Counter()
    for line in lines:
        # Taking stock is conditional (never below zero); giving it back needs no condition.
        condition = (SkuModel.stock >= line.count) if sign < 0 else None
        actions: list[Action] = [SkuModel.stock.add(sign * line.count), SkuModel.sales.add(-sign * line.count)]
        tx.update(SkuModel(line.sku_id), actions=actions, condition=condition, label=f"sku:{line.sku_id}")
        per_spu[line.spu_id] += line.count
    # A transaction may touch an item once, so SPU sales are summed over the SKUs of each SPU first.
    for spu_id, count in per_spu.items():
        tx.update(SpuModel(spu_id), actions=[SpuModel.sales.add(-sign * count)], label=f"spu:{spu_id}")
