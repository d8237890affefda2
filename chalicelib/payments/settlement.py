"""Applying Alipay's word once: which pieces a payment's settlement is made of, one transaction, and its outcome.

Every settlement holds the payment's own piece (repository.record: out of `pending`, the trade number taken) and
its kind's: an order's is the order paid (the orders context); a reward's is the author credited (users), the
reward counted on the article and in the reader's log (feed). Each context adds its piece under a label, so a
cancelled transaction says whose condition refused it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.feed import transactions as feed
from chalicelib.orders import payable as orders
from chalicelib.payments import repository
from chalicelib.payments.models import Outcome, Payment, Status
from chalicelib.users import transactions as users

ORDER, AUTHOR, ARTICLE, LOG = "order", "author", "article", "log"
# The pieces whose condition is "what was paid for still takes the money": the order unpaid, the author and article
# still there.
TARGETS = frozenset({ORDER, AUTHOR, ARTICLE})
Pieces = Callable[[Transaction, Payment, datetime], None]


def _order(tx: Transaction, payment: Payment, now: datetime) -> None:
    assert payment.order_id is not None
    orders.pay_in(tx, payment.user_id, payment.order_id, ORDER)


def _reward(tx: Transaction, payment: Payment, now: datetime) -> None:
    assert payment.article_id is not None and payment.author_id is not None
    users.credit(tx, payment.author_id, payment.amount, AUTHOR)
    feed.count_reward(tx, payment.article_id, ARTICLE)
    feed.log_reward(tx, payment.user_id, payment.article_id, int(payment.amount), int(now.timestamp()), LOG)


# Each kind's pieces, and its outcome when a target refuses: an order no longer UNPAID is not revived ("late"); a
# reward for an author or article that no longer exists is not counted ("orphaned"). Either way the money was taken.
KINDS: dict[str, tuple[Pieces, Outcome]] = {"order": (_order, "late"), "reward": (_reward, "orphaned")}


def settle(payment: Payment, trade_no: str, now: datetime) -> Outcome:
    """Apply a paid notification in ONE transaction; when what was paid for refuses it, record a refund due."""
    pieces, refused_by_target = KINDS[payment.kind]
    try:
        with Transaction() as tx:
            repository.record(tx, payment, trade_no, Status.PAID, now)
            pieces(tx, payment, now)
    except TransactionCancelled as exc:
        refused = refusal(exc.failed)
        if refused is not None:
            return refused
        if not TARGETS & set(exc.failed):
            raise
        # Answering an error would only make Alipay retry for a day: the payment is recorded as due for refund.
        return _refund_due(payment, trade_no, now, refused_by_target)
    return "applied"


def refusal(failed: list[str]) -> Outcome | None:
    """What the payment's own conditions say when they cancelled a settlement; None when neither failed."""
    if repository.TRADE in failed and repository.PAYMENT in failed:
        return "duplicate"  # this very trade settled this payment already (a concurrent repeat)
    if repository.TRADE in failed:
        return "reused"  # the trade number settled another payment
    if repository.PAYMENT in failed:
        return "twice"  # another trade settled this payment already
    return None


def _refund_due(payment: Payment, trade_no: str, now: datetime, outcome: Outcome) -> Outcome:
    """Record the payment as taken but not applied: refunded by hand, never lost."""
    try:
        with Transaction() as tx:
            repository.record(tx, payment, trade_no, Status.REFUND_DUE, now)
    except TransactionCancelled as exc:  # a concurrent delivery recorded it first (or another trade, or number)
        return refusal(exc.failed) or "duplicate"
    return outcome
