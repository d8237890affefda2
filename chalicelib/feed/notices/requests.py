"""The notifications routes' request schema."""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.schemas import Query


class NoticesQuery(Query):
    page: int = Field(default=1, ge=1, le=50)  # the newest 500 groups at most (notices/repository.LIST_DEPTH)
    size: int = Field(default=10, ge=1, le=50)
