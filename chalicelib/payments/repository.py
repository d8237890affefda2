"""Payments in DynamoDB: one item per out_trade_no, one guard item per Alipay trade number, and the transactions
that apply a notification to the order or the reward exactly once.

Every applying transaction moves the payment out of `pending` under that very condition and writes the trade's
guard under `attribute_not_exists`, so however often, and however concurrently, Alipay delivers the same
notification, one delivery changes anything.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist, PutError
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from chalicelib.core.money import MoneyAttribute
from chalicelib.core.storage import table_meta
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.feed.articles.tables import ArticleModel
from chalicelib.feed.recommendations.behaviour_log import LogModel
from chalicelib.orders.models import Status as OrderStatus
from chalicelib.orders.tables import OrderModel
from chalicelib.payments.models import Outcome, Payment, Status


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


class BalanceModel(Model):
    """The author's balance (the seed's `User.money`) on the user's own item, which only rewards change."""

    Meta = table_meta("users")
    user_id = NumberAttribute(hash_key=True)
    balance = MoneyAttribute(null=True)


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
    try:
        return _payment(PaymentModel.get(_out(out_trade_no), consistent_read=True))
    except DoesNotExist:
        return None


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
    try:
        row.save(condition=PaymentModel.key.does_not_exist() | (PaymentModel.status == Status.PENDING))
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _settle(tx: Transaction, payment: Payment, trade_no: str, status: Status, now: datetime) -> None:
    """The two writes every applied notification makes: the payment leaves `pending`, the trade number is taken."""
    actions: list[Action] = [
        PaymentModel.status.set(status),
        PaymentModel.trade_no.set(trade_no),
        PaymentModel.paid_at.set(now),
    ]
    condition = PaymentModel.status == Status.PENDING
    tx.update(PaymentModel(_out(payment.out_trade_no)), actions=actions, condition=condition, label="payment")
    guard = PaymentModel(_trade(trade_no), out_trade_no=payment.out_trade_no, created_at=now)
    tx.save(guard, condition=PaymentModel.key.does_not_exist(), label="trade")


def _refused_by(failed: list[str]) -> Outcome | None:
    """Why a settlement was cancelled, from the conditions that failed; None when neither of its own did."""
    if "trade" in failed:
        return "duplicate" if "payment" in failed else "reused"
    return "twice" if "payment" in failed else None


def settle_order(payment: Payment, trade_no: str, now: datetime) -> Outcome:
    """Pay the order (UNPAID → UNSEND) with the payment in one transaction; an order no longer UNPAID is not
    revived: the payment is recorded as due for refund ("late")."""
    try:
        with Transaction() as tx:
            _settle(tx, payment, trade_no, Status.PAID, now)
            paid: list[Action] = [OrderModel.status.set(OrderStatus.UNSEND), OrderModel.unpaid_bucket.remove()]
            order = OrderModel(payment.user_id, payment.order_id)
            tx.update(order, actions=paid, condition=OrderModel.status == OrderStatus.UNPAID, label="order")
    except TransactionCancelled as exc:
        refused = _refused_by(exc.failed)
        if refused is not None:
            return refused
        if "order" not in exc.failed:
            raise
    else:
        return "applied"
    return _refund_due(payment, trade_no, now, "late")


def _refund_due(payment: Payment, trade_no: str, now: datetime, outcome: Outcome) -> Outcome:
    """Record the payment as taken but not applied (its order or article is gone): refunded by hand, never lost."""
    try:
        with Transaction() as tx:
            _settle(tx, payment, trade_no, Status.REFUND_DUE, now)
    except TransactionCancelled as exc:  # a concurrent delivery recorded it first (or another trade, or number)
        return _refused_by(exc.failed) or "duplicate"
    return outcome


def settle_reward(payment: Payment, trade_no: str, now: datetime) -> Outcome:
    """In ONE transaction: the payment, the author's balance, the article's reward count and the reader's log."""
    assert payment.article_id is not None and payment.author_id is not None
    now_s = int(now.timestamp())
    try:
        with Transaction() as tx:
            _settle(tx, payment, trade_no, Status.PAID, now)
            author = BalanceModel(payment.author_id)
            exists = BalanceModel.user_id.exists()
            credit: list[Action] = [BalanceModel.balance.add(payment.amount)]
            tx.update(author, actions=credit, condition=exists, label="author")
            counted: list[Action] = [ArticleModel.reward_count.add(1)]
            article = ArticleModel(payment.article_id)
            tx.update(article, actions=counted, condition=ArticleModel.article_id.exists(), label="article")
            log: list[Action] = [LogModel.rewarded_at.set(now_s), LogModel.acted_at.set(now_s), LogModel.rewards.add(1)]
            log.append(LogModel.reward_total.add(int(payment.amount)))
            tx.update(LogModel(payment.user_id, payment.article_id), actions=log, label="log")
    except TransactionCancelled as exc:
        refused = _refused_by(exc.failed)
        if refused is not None:
            return refused
        if not {"author", "article"} & set(exc.failed):
            raise
        # The money was taken for an author or article that no longer exists: answering an error would only make
        # Alipay retry for a day; the payment is recorded as due for refund instead.
        return _refund_due(payment, trade_no, now, "orphaned")
    return "applied"


def balance(user_id: int) -> str | None:
    """A user's balance as stored (tests and the admin read it), or None before any reward."""
    try:
        value = BalanceModel.get(user_id, consistent_read=True).balance
    except DoesNotExist:
        return None
    return None if value is None else str(value)
