"""Payments in DynamoDB: one item per out_trade_no, one guard item per Alipay trade number, and the payment's own
piece of a settlement (settlement.py).

That piece moves the payment out of `pending` under that very condition and writes the trade's guard under
`attribute_not_exists`, so however often, and however concurrently, Alipay delivers the same notification, one
delivery changes anything.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from chalicelib.core.money import MoneyAttribute
from chalicelib.core.storage import get_or_none, table_meta, write_if
from chalicelib.core.transactions import Transaction
from chalicelib.payments.models import Payment, Status

# The labels of the payment's own piece of a settlement (see `record`).
PAYMENT = "payment"
TRADE = "trade"


class PaymentModel(Model):
    """`out#<out_trade_no>`: what is paid for and its status; `trade#<trade_no>`: the trade number's guard."""

    Meta = table_meta("payments")
    key = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(null=True)
    user_id = NumberAttribute(null=True)
    amount = MoneyAttribute(null=True)
    status = UnicodeAttribute(null=True)
    order_id = UnicodeAttribute(null=True)
    article_id = NumberAttribute(null=True)
    author_id = NumberAttribute(null=True)
    trade_no = UnicodeAttribute(null=True)
    out_trade_no = UnicodeAttribute(null=True)  # on a trade guard: the payment it settled
    created_at = UTCDateTimeAttribute(null=True)
    paid_at = UTCDateTimeAttribute(null=True)


def _out(out_trade_no: str) -> str:
    return f"out#{out_trade_no}"


def _trade(trade_no: str) -> str:
    return f"trade#{trade_no}"


def _payment(row: PaymentModel) -> Payment:
    return Payment(
        out_trade_no=row.key.removeprefix("out#"),
        kind="reward" if row.kind == "reward" else "order",
        user_id=int(row.user_id or 0),
        amount=row.amount,
        status=Status(row.status),
        order_id=row.order_id,
        article_id=int(row.article_id) if row.article_id is not None else None,
        author_id=int(row.author_id) if row.author_id is not None else None,
        trade_no=row.trade_no,
    )


def get(out_trade_no: str) -> Payment | None:
    """The payment of an out_trade_no, or None (a strongly consistent GetItem)."""
    row = get_or_none(PaymentModel, _out(out_trade_no), consistent_read=True)
    return None if row is None else _payment(row)


def open_payment(payment: Payment) -> bool:
    """Store a pending payment; an order's pay URL asked for again rewrites it while pending. False once settled."""
    row = PaymentModel(
        _out(payment.out_trade_no),
        kind=payment.kind,
        user_id=payment.user_id,
        amount=payment.amount,
        status=Status.PENDING,
        order_id=payment.order_id,
        article_id=payment.article_id,
        author_id=payment.author_id,
        created_at=datetime.now(UTC),
    )
    new_or_pending = PaymentModel.key.does_not_exist() | (PaymentModel.status == Status.PENDING)
    return write_if(lambda: row.save(condition=new_or_pending))


def record(tx: Transaction, payment: Payment, trade_no: str, status: Status, now: datetime) -> None:
    """The payment's piece of every settlement: it leaves `pending` (label PAYMENT) and its trade number is taken
    (label TRADE); either condition failing cancels the whole settlement."""
    actions: list[Action] = [
        PaymentModel.status.set(status),
        PaymentModel.trade_no.set(trade_no),
        PaymentModel.paid_at.set(now),
    ]
    condition = PaymentModel.status == Status.PENDING
    tx.update(PaymentModel(_out(payment.out_trade_no)), actions=actions, condition=condition, label=PAYMENT)
    guard = PaymentModel(_trade(trade_no), out_trade_no=payment.out_trade_no, created_at=now)
    tx.save(guard, condition=PaymentModel.key.does_not_exist(), label=TRADE)
