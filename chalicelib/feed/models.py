"""Feed request schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from chalicelib.core.schemas import Body, Query

UserId = Annotated[int, Field(ge=1, le=10**12)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=150, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(max_length=60_000)]


class FocusQuery(Query):
    author_id: UserId


class FocusRequest(Body):
    author_id: UserId
    status: Literal[0, 1]  # the caller's current status: 1 unfollows, 0 follows


class ArticleRequest(Body):
    title: Title
    content: Text
    html_content: Text | None = None


class IntervalRequest(Body):
    # The renran client sends "YYYY-MM-DD HH:MM:SS" without an offset: that is business time (articles/service.py).
    pub_date: Annotated[str, StringConstraints(min_length=10, max_length=40)]

    @field_validator("pub_date")
    @classmethod
    def _a_datetime(cls, value: str) -> str:
        datetime.fromisoformat(value)  # ValueError becomes a 400 naming pub_date
        return value


class PeopleQuery(Query):
    size: int = Field(default=20, ge=1, le=50)
    cursor: int | None = Field(default=None, ge=0, le=10**12)


class HomeQuery(Query):
    size: int = Field(default=10, ge=1, le=20)  # the seed's HomeArticlePageNumberPagination
    page: int = Field(default=1, ge=1, le=100_000)


class HotQuery(Query):
    size: int = Field(default=10, ge=1, le=50)
    page: int = Field(default=1, ge=1, le=100_000)


class TimelineQuery(Query):
    before: int | None = Field(default=None, ge=0, le=2**62)
    size: int = Field(default=20, ge=1, le=50)


class SyncQuery(Query):
    size: int = Field(default=20, ge=1, le=100)


class StatusQuery(Query):
    type: Literal["is_like", "is_comment"]  # the seed's behaviour flags: like toggles, comment records one


class RewardRequest(Body):
    money: Literal[2, 5, 10, 20, 50, 100]  # yuan, the renran client's choices

    @field_validator("money", mode="before")
    @classmethod
    def _whole(cls, value: object) -> object:
        if type(value) is not int:  # a Literal of ints alone lets 5.0 (and True for 1) through
            raise ValueError("must be a whole number of yuan: 2, 5, 10, 20, 50 or 100")
        return value


class RecommendationsQuery(Query):
    size: int = Field(default=10, ge=1, le=50)
