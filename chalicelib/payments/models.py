"""Payments' types: the stored payment (one per out_trade_no), its statuses and the request schemas."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal, NamedTuple

from pydantic import Field, StringConstraints

from chalicelib.core.schemas import Query

# The feed's reward form (its amounts and their check): the pay page takes the same form, so it is one schema.
from chalicelib.feed.rewards import RewardRequest

# Alipay's out_trade_no: up to 64 letters, digits and underscores. Orders pay under their order id (digits);
# rewards under `R` + local time + random digits, so the two never meet.
OUT_TRADE_NO = r"^[A-Za-z0-9_]{1,64}$"
OutTradeNo = Annotated[str, StringConstraints(pattern=OUT_TRADE_NO)]
# The trade statuses after which the money is the merchant's (TRADE_FINISHED: no refund possible any more).
PAID_STATUSES = frozenset({"TRADE_SUCCESS", "TRADE_FINISHED"})


class Status(StrEnum):
    """Where one payment stands."""

    PENDING = "pending"  # a pay URL was handed out; nothing paid yet
    PAID = "paid"  # Alipay's notification was applied: the order paid or the reward counted
    REFUND_DUE = "refund_due"  # paid for an order that was no longer unpaid (cancelled by its timeout): refund it


Kind = Literal["order", "reward"]


class Payment(NamedTuple):
    """What one out_trade_no pays for, how much, and whether Alipay's notification has been applied."""

    out_trade_no: str
    kind: Kind
    user_id: int  # who pays
    amount: Decimal
    status: Status
    order_id: str | None = None
    article_id: int | None = None
    author_id: int | None = None
    trade_no: str | None = None  # Alipay's trade number, once paid


class RewardPayRequest(RewardRequest):
    """The renran reward form: the article, the amount (the seed's 2, 5, 10, 20, 50 or 100 yuan), a message."""

    article_id: Annotated[int, Field(ge=1, le=10**12)]
    message: Annotated[str, StringConstraints(max_length=200)] = ""


class ResultQuery(Query):
    out_trade_no: OutTradeNo


# late: the order was no longer unpaid; duplicate: this trade was applied already; reused: this trade number settled
# another payment; twice: another trade settled this payment already.
Outcome = Literal["applied", "late", "duplicate", "reused", "twice", "orphaned"]


class ReturnQuery(Query):
    """What Alipay adds to the return URL (all of it signed); the route verifies the whole query string."""

    out_trade_no: OutTradeNo
    trade_no: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    total_amount: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    app_id: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    sign: Annotated[str, StringConstraints(min_length=1, max_length=1024)]
