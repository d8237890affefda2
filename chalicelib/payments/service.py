"""Payment use cases: pay URLs for orders and rewards, the signed return, the reward's status, and Alipay's
asynchronous notification, which alone changes orders and rewards (exactly once, see settlement.py)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.core.errors import Conflict, InvalidInput, NotFound, field_error
from chalicelib.core.observability import logger, metrics
from chalicelib.core.settings import get_settings

# The feed's own rules on who may reward which article, and the reader's log they are judged on (as for an unpaid
# reward); the feed offers no single call for it, and a reward's pay page must refuse what the reward would.
from chalicelib.feed.recommendations import behaviour, behaviour_log
from chalicelib.feed.recommendations.behaviour_log import BehaviourLog
from chalicelib.orders import payable as orders
from chalicelib.orders import timeouts
from chalicelib.payments import repository, settlement
from chalicelib.payments.alipay import PaymentProvider
from chalicelib.payments.models import OUT_TRADE_NO, PAID_STATUSES, Kind, Payment, RewardPayRequest, Status
from chalicelib.payments.settings import AlipaySettings

SUCCESS = "success"  # the only answer that stops Alipay's retries
_OUT_TRADE_NO = re.compile(OUT_TRADE_NO)
_TRADE_NO = re.compile(r"^[0-9A-Za-z_]{1,64}$")
# Alipay's amounts: yuan with up to two decimals. Anything else (NaN, 1E+1, 1_0) is no amount of ours to compare.
_AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")
_REFUND_DUE = {
    "late": "payment for an order no longer unpaid: refund due",
    "twice": "a second trade paid for a settled payment: refund due",
    "orphaned": "a reward paid for an author or article that no longer exists: refund due",
}


class Refused(InvalidInput):
    """A notification or return that is not Alipay's word on one of our payments; `field` says which check failed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__([{"field": field, "message": message}])
        self.field = field


def order_pay_url(user_id: int, order_id: str, provider: PaymentProvider, settings: AlipaySettings) -> dict[str, Any]:
    """Alipay's pay page for the caller's own UNPAID Alipay order, for the order's payment amount."""
    amount = orders.alipay_amount(user_id, order_id)
    if not repository.open_payment(Payment(order_id, "order", user_id, amount, Status.PENDING, order_id=order_id)):
        raise Conflict("the order is paid already")
    url = provider.page_pay_url(order_id, amount, f"美多商城{order_id}", settings.order_return_url())
    return {"alipay_url": url}


def new_trade_no(now: datetime) -> str:
    """A reward's out_trade_no: `R`, the local time to the second and 12 random digits."""
    local = now.astimezone(ZoneInfo(get_settings().business_timezone)).strftime("%Y%m%d%H%M%S")
    return f"R{local}{secrets.randbelow(10**12):012d}"


def reward_pay_url(
    user_id: int,
    req: RewardPayRequest,
    provider: PaymentProvider,
    settings: AlipaySettings,
    now: datetime,
    logs: BehaviourLog = behaviour_log,
) -> dict[str, Any]:
    """A pending reward and its pay page; refused, as an unpaid reward is, for one's own or an unread article."""
    article, log = logs.load(user_id, req.article_id)
    refusal = behaviour.refusal(article, log, user_id, needs_read=True)
    if refusal is not None or article is None:
        raise refusal or NotFound("article not found")
    out_trade_no = new_trade_no(now)
    amount = Decimal(req.money)
    payment = Payment(out_trade_no, "reward", user_id, amount, Status.PENDING, None, req.article_id, article.author_id)
    repository.open_payment(payment)
    subject = f"打赏文章{req.article_id}"
    url = provider.page_pay_url(out_trade_no, payment.amount, subject, settings.reward_return_url())
    return {"pay_url": url, "out_trade_no": out_trade_no}


def verified(params: Mapping[str, str], provider: PaymentProvider, kind: Kind | None = None) -> Payment:
    """The payment Alipay signed these parameters about; Refused naming the first check that fails."""
    if not provider.signed_by_gateway(params):
        raise Refused("sign", "not signed by Alipay")
    if params.get("app_id") != provider.app_id:
        raise Refused("app_id", "not this app's")
    if provider.seller_id and params.get("seller_id") != provider.seller_id:
        raise Refused("seller_id", "not this merchant's")
    out_trade_no = params.get("out_trade_no", "")
    payment = repository.get(out_trade_no) if _OUT_TRADE_NO.fullmatch(out_trade_no) else None
    if payment is None or (kind is not None and payment.kind != kind):
        raise Refused("out_trade_no", "no such payment")
    amount = params.get("total_amount", "")
    if not _AMOUNT.fullmatch(amount) or Decimal(amount) != payment.amount:  # as decimals: 18.0 is 18.00
        raise Refused("total_amount", "not the amount to pay")
    if not _TRADE_NO.fullmatch(params.get("trade_no", "")):
        raise Refused("trade_no", "missing or malformed")
    return payment


def order_return(params: Mapping[str, str], provider: PaymentProvider) -> dict[str, Any]:
    """The browser's signed return from Alipay (meiduo's pay_success page): Alipay's trade number."""
    payment = verified(params, provider, "order")
    return {"trade_id": params["trade_no"], "order_id": payment.order_id}


def reward_return(params: Mapping[str, str], provider: PaymentProvider) -> dict[str, Any]:
    """The browser's signed return from Alipay for a reward: where to go back to."""
    payment = verified(params, provider, "reward")
    detail = "payment received" if payment.status == Status.PAID else "payment received, awaiting Alipay's notice"
    return {"detail": detail, "article_id": payment.article_id}


def reward_status(out_trade_no: str) -> dict[str, Any]:
    """Whether a reward has been paid (the renran page polls this)."""
    payment = repository.get(out_trade_no)
    if payment is None or payment.kind != "reward":
        raise field_error("out_trade_no", "no such reward")
    return {"status": payment.status == Status.PAID}


def notify(
    params: Mapping[str, str],
    provider: PaymentProvider,
    now: datetime,
    drop_timeout: Callable[[str], Any] = timeouts.drop_schedule,
) -> str:
    """Apply Alipay's notification once; SUCCESS only when its effect is stored. Refused changes nothing."""
    payment = verified(params, provider)
    if params.get("trade_status") not in PAID_STATUSES:
        return SUCCESS  # WAIT_BUYER_PAY, TRADE_CLOSED: nothing was paid, nothing to apply
    trade_no = params["trade_no"]
    if payment.status != Status.PENDING and payment.trade_no == trade_no:
        return SUCCESS  # a repeated delivery, already applied (concurrent repeats are settled by the transaction)
    outcome = settlement.settle(payment, trade_no, now)
    extra = {"out_trade_no": payment.out_trade_no, "trade_no": trade_no, "outcome": outcome}
    if outcome == "reused":
        # Alipay's trade numbers are unique: one that settled another payment is never applied twice. Refused, so
        # Alipay retries and then gives up, and the log line says which.
        logger.error("trade number already settled another payment", extra=extra)
        raise Refused("trade_no", "settled another payment")
    if outcome in _REFUND_DUE:
        # Paid after the order was cancelled (its timeout won the race), or a second trade for a payment already
        # settled: recorded or logged, never applied; the money is refunded by hand.
        metrics.add_metric(name="PaymentRefundDue", unit="Count", value=1)
        logger.error(_REFUND_DUE[outcome], extra={**extra, "amount": payment.amount})
    else:
        logger.info("payment notification", extra=extra)
    if outcome == "applied" and payment.order_id is not None:
        drop_timeout(payment.order_id)
    return SUCCESS
