"""Order request schemas, the timeout message and the Idempotency-Key header."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from chalicelib.core.errors import field_error
from chalicelib.core.schemas import Body, Query

MAX_PAGE_SIZE = 50
ORDER_ID = re.compile(r"^\d{20,40}$")
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
OrderId = Annotated[str, Field(pattern=ORDER_ID.pattern)]


class CommitRequest(Body):
    address_id: Annotated[int, Field(ge=1, le=10**12)]
    pay_method: Literal[1, 2]  # 1 cash on delivery, 2 Alipay (the seed's PAY_METHODS_ENUM)


class OrdersQuery(Query):
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)


class TimeoutMessage(BaseModel):
    """What an order's one-time schedule sends to the timeout queue."""

    user_id: int = Field(ge=1)
    order_id: Annotated[str, Field(pattern=ORDER_ID.pattern)]


def idempotency_key(headers: Any) -> str | None:
    """The optional `Idempotency-Key` header: 1 to 64 of [A-Za-z0-9_-]; 400 otherwise."""
    raw = (headers or {}).get("idempotency-key")
    if raw is None:
        return None
    if not _KEY.match(raw):
        raise field_error("Idempotency-Key", "1 to 64 characters of A-Z, a-z, 0-9, _ and -")
    return str(raw)


def parse_order_id(raw: str) -> str:
    """An order id path segment; 400 otherwise."""
    if not ORDER_ID.match(raw):
        raise field_error("order_id", "must be an order id")
    return raw
