"""The reading routes' request schemas: home feed, timeline and its sync."""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.schemas import Query


class HomeQuery(Query):
    size: int = Field(default=10, ge=1, le=20)  # the seed's HomeArticlePageNumberPagination
    page: int = Field(default=1, ge=1, le=100_000)


class TimelineQuery(Query):
    before: int | None = Field(default=None, ge=0, le=2**62)
    size: int = Field(default=20, ge=1, le=50)


class SyncQuery(Query):
    size: int = Field(default=20, ge=1, le=100)
