"""The order writes that move stock: place, cancel and pay, each one conditional write or one transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action

from chalicelib.catalogue.repository import SkuModel, SpuModel
from chalicelib.core.errors import Conflict, OutOfStock
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.orders.repository import UNPAID_BUCKETS, AddressMap, LineMap, OrderKeyModel, OrderModel, key_id

UNPAID, UNSEND, CANCELED = 1, 2, 6
# How long an Idempotency-Key keeps answering the order it placed.
KEY_TTL = timedelta(days=1)


class KeyAlreadyUsed(Conflict):
    """Another request with the same Idempotency-Key placed its order first."""


@dataclass(frozen=True)
class Line:
    """One line of a draft order."""

    sku_id: int
    spu_id: int
    name: str
    default_image_url: str
    price: Decimal
    count: int


@dataclass(frozen=True)
class Draft:
    """An order as checkout priced it, before it is written."""

    user_id: int
    order_id: str
    create_time: datetime
    status: int
    pay_method: int
    address: dict[str, Any]
    lines: list[Line]
    total_amount: Decimal
    freight: Decimal
    key: str | None = field(default=None)


def _order(draft: Draft) -> OrderModel:
    return OrderModel(
        draft.user_id,
        draft.order_id,
        create_time=draft.create_time,
        status=draft.status,
        pay_method=draft.pay_method,
        total_count=sum(line.count for line in draft.lines),
        total_amount=draft.total_amount,
        freight=draft.freight,
        address=AddressMap(**draft.address),
        lines=[LineMap(**asdict(line)) for line in draft.lines],
        unpaid_bucket=draft.user_id % UNPAID_BUCKETS if draft.status == UNPAID else None,
    )


def _move_stock(tx: Transaction, lines: list[LineMap] | list[Line], sign: int) -> None:
    """Take (sign -1) or give back (sign +1) stock, moving sales the other way; one update per SKU and per SPU."""
    per_spu: Counter[int] = Counter()
    for line in lines:
        sku_id, count = int(line.sku_id), int(line.count)
        # Taking stock is conditional (never below zero); giving it back needs no condition.
        condition = (SkuModel.stock >= count) if sign < 0 else None
        actions: list[Action] = [SkuModel.stock.add(sign * count), SkuModel.sales.add(-sign * count)]
        tx.update(SkuModel(sku_id), actions=actions, condition=condition, label=f"sku:{sku_id}")
        per_spu[int(line.spu_id)] += count
    # A transaction may touch an item once, so SPU sales are summed over the SKUs of each SPU first.
    for spu_id, count in per_spu.items():
        tx.update(SpuModel(spu_id), actions=[SpuModel.sales.add(-sign * count)], label=f"spu:{spu_id}")


def place(draft: Draft, now: datetime) -> None:
    """Put the order (and its key guard) and take every line's stock in ONE transaction; all or nothing.

    Raises OutOfStock naming the short SKUs, KeyAlreadyUsed when the key's guard exists.
    """
    try:
        with Transaction() as tx:
            tx.save(_order(draft), condition=OrderModel.order_id.does_not_exist(), label="order")
            if draft.key is not None:
                guard_id = key_id(draft.user_id, draft.key)
                guard = OrderKeyModel(guard_id, order_id=draft.order_id, expiration=now + KEY_TTL)
                tx.save(guard, condition=OrderKeyModel.id.does_not_exist(), label="key")
            _move_stock(tx, draft.lines, -1)
    except TransactionCancelled as exc:
        if "key" in exc.failed:
            raise KeyAlreadyUsed("this Idempotency-Key was used") from None
        short = [int(label.split(":")[1]) for label in exc.failed if label.startswith("sku:")]
        if short:
            raise OutOfStock(f"stock insufficient: sku {', '.join(map(str, short))}", sku_ids=short) from None
        if "order" in exc.failed:
            raise Conflict("order id taken, retry") from None
        raise


def cancel(order: OrderModel, allowed: tuple[int, ...]) -> None:
    """Set status CANCELED and give stock and sales back in the SAME transaction, only from an `allowed` status.

    The status condition makes the stock come back exactly once, whoever races (user, schedule, sweeper).
    """
    try:
        with Transaction() as tx:
            tx.update(
                order,
                actions=[OrderModel.status.set(CANCELED), OrderModel.unpaid_bucket.remove()],
                condition=OrderModel.status.is_in(*allowed),
                label="order",
            )
            _move_stock(tx, list(order.lines), +1)
    except TransactionCancelled as exc:
        if "order" in exc.failed:
            raise Conflict("the order cannot be cancelled in its state") from None
        raise


def pay(user_id: int, order_id: str) -> bool:
    """UNPAID → UNSEND with one conditional update; False when the order is not UNPAID (or absent)."""
    try:
        OrderModel(user_id, order_id).update(
            actions=[OrderModel.status.set(UNSEND), OrderModel.unpaid_bucket.remove()],
            condition=OrderModel.status == UNPAID,
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
