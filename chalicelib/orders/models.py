"""Order request schemas, the Idempotency-Key header and the timeout message."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from chalicelib.core.schemas import Body, Headers, Query

MAX_PAGE_SIZE = 50
ORDER_ID = re.compile(r"^[0-9]{20,40}$")
OrderId = Annotated[str, Field(pattern=ORDER_ID.pattern)]


class CommitRequest(Body):
    address_id: Annotated[int, Field(ge=1, le=10**12)]
    pay_method: Literal[1, 2]  # 1 cash on delivery, 2 Alipay (the seed's PAY_METHODS_ENUM)


class CommitHeaders(Headers):
    # The same key from the same user answers the same order: a retried commit never orders twice.
    idempotency_key: str | None = Field(default=None, alias="Idempotency-Key", pattern=r"^[A-Za-z0-9_-]{1,64}$")


class OrdersQuery(Query):
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)


class TimeoutMessage(BaseModel):
    """What an order's one-time schedule sends to the timeout queue."""

    user_id: int = Field(ge=1)
    order_id: Annotated[str, Field(pattern=ORDER_ID.pattern)]
