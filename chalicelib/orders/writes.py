"""The order repository's conditional writes: place and cancel move stock in one transaction with the order.

Half of `DynamoOrders` (repository.py); the reads are in reads.py.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action

from chalicelib.catalogue.repository import SkuModel, SpuModel
from chalicelib.core.errors import Conflict, OutOfStock
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.orders import tables
from chalicelib.orders.errors import KeyAlreadyUsed
from chalicelib.orders.models import Draft, Line, Order, Status
from chalicelib.orders.tables import OrderKeyModel, OrderModel

# How long an Idempotency-Key keeps answering the order it placed.
KEY_TTL = timedelta(days=1)


def key_id(user_id: int, key: str) -> str:
    """The guard item's key: scoped to the user, so two users' equal keys never meet."""
    return f"order-key#{user_id}#{key}"


class OrderWrites:
    """The writes of `DynamoOrders`: each a condition DynamoDB checks, so racing callers cannot both succeed."""

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
