"""The order's statuses and types as the services see them, its one refusal of its own and the timeout message;
the request schemas are in requests.py, built only by the functions whose routes take them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import IntEnum
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, Field

from chalicelib.core.errors import Conflict

MAX_PAGE_SIZE = 50
ORDER_ID = re.compile(r"^[0-9]{20,40}$")
OrderId = Annotated[str, Field(pattern=ORDER_ID.pattern)]


class Status(IntEnum):
    """The seed's order statuses; this service moves orders between UNPAID, UNSEND and CANCELED only."""

    UNPAID = 1
    UNSEND = 2
    UNRECEIVED = 3
    UNCOMMENT = 4
    FINISHED = 5
    CANCELED = 6


class PayMethod(IntEnum):
    """The seed's PAY_METHODS_ENUM."""

    CASH = 1  # cash on delivery: the order waits for shipping
    ALIPAY = 2  # the order waits for payment, and the unpaid timeout cancels it


class KeyAlreadyUsed(Conflict):
    """Another request with the same Idempotency-Key placed its order first."""


class SkuForSale(NamedTuple):
    """What checkout copies of a SKU into an order line: its SPU, name, image and price at this moment."""

    sku_id: int
    spu_id: int
    name: str
    default_image_url: str
    price: Decimal


@dataclass(frozen=True)
class Line:
    """One line of an order: a SKU as it was sold, and how many."""

    sku_id: int
    spu_id: int
    name: str
    default_image_url: str
    price: Decimal
    count: int


class Draft(NamedTuple):
    """An order as checkout priced it, before it is written.

    `key` is the client's Idempotency-Key (guarded for a day), or with `key_window` set, the key derived from the
    request and the cart's version (orders/dedup.py), whose guard gives way once `key_window` has passed.
    """

    user_id: int
    order_id: str
    create_time: datetime
    status: Status
    pay_method: int
    address: dict[str, Any]  # address_id and the fields copied from the address book
    lines: list[Line]
    total_amount: Decimal
    freight: Decimal
    key: str | None = None
    key_window: timedelta | None = None


class Order(NamedTuple):
    """A placed order; its lines and address are the copies made at checkout."""

    user_id: int
    order_id: str
    create_time: datetime
    status: Status
    pay_method: int
    total_count: int
    total_amount: Decimal
    freight: Decimal
    address: dict[str, Any]  # `tel` and `email` are absent when the address had none
    lines: list[Line]
    dedup_key: str | None = None  # the key derived from the request that placed it, if it was derived


class Placed(NamedTuple):
    """The outcome of placing: `created` is False when an earlier request with the same key placed it."""

    user_id: int
    order_id: str
    created: bool
    unpaid_until: datetime | None = None  # when an UNPAID order is due to be cancelled


class TimeoutMessage(BaseModel):
    """What an order's one-time schedule sends to the timeout queue."""

    user_id: int = Field(ge=1)
    order_id: Annotated[str, Field(pattern=ORDER_ID.pattern)]
