"""The orders' request schemas, apart from models.py: payments and the order consumers never build these."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.core.schemas import Body, Headers, Query
from chalicelib.orders.models import MAX_PAGE_SIZE


class CommitRequest(Body):
    address_id: Annotated[int, Field(ge=1, le=10**12)]
    pay_method: Literal[1, 2]  # a PayMethod


class CommitHeaders(Headers):
    # The same key from the same user answers the same order: a retried commit never orders twice.
    idempotency_key: str | None = Field(default=None, alias="Idempotency-Key", pattern=r"^[A-Za-z0-9_-]{1,64}$")


class OrdersQuery(Query):
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)
