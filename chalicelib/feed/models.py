"""Feed request schemas of the routes only the API function serves.

The slimmer functions' schemas live beside their routes (follows/requests.py, reading/requests.py,
notices/requests.py, rewards.py), so a function builds only its own (about a millisecond of init each).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from chalicelib.core.schemas import Body, Query

CollectionId = Annotated[int, Field(ge=1, le=10**12)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=150, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(max_length=60_000)]
CollectionName = Annotated[str, StringConstraints(min_length=1, max_length=50, strip_whitespace=True)]
# Years a publish time may name at all: the service wants one ahead of now by at most a year (MAX_AHEAD), and
# any time inside these years, with any offset, converts to UTC without leaving the calendar.
EARLIEST_YEAR, LATEST_YEAR = 1970, 9998


class ArticleRequest(Body):
    title: Title
    content: Text
    html_content: Text | None = None  # stored sanitised (articles/html.py)
    collection_id: CollectionId | None = None  # one of the caller's; without it, their default collection


class ArticleSaveRequest(Body):
    """PUT /article/{id}/: the writer page's move `{collection}`, or a save of title and text (both then required),
    which `collection_id` (or `collection`) also moves to that collection (articles/writing.py)."""

    title: Title | None = None
    content: Text | None = None
    html_content: Text | None = None  # stored sanitised (articles/html.py)
    collection_id: CollectionId | None = None
    collection: CollectionId | None = None  # renran's name for the target of a move


class ArticleInfoRequest(Body):
    """PUT /article/{id}/info/: the writer page's save of title and text."""

    title: Title
    content: Text
    html_content: Text | None = None  # stored sanitised (articles/html.py)


class NewArticleRequest(Body):
    """POST /article/collection/{id}/articles/: a new private article, first in the collection when `insert`."""

    title: Title
    insert: bool = False


class IntervalRequest(Body):
    # The renran client sends "YYYY-MM-DD HH:MM:SS" without an offset: that is business time (articles/service.py).
    pub_date: Annotated[
        str,
        StringConstraints(min_length=10, max_length=40),
        Field(description="a time ahead of now by at most a year; without an offset, business time"),
    ]

    @field_validator("pub_date")
    @classmethod
    def _a_datetime(cls, value: str) -> str:
        when = datetime.fromisoformat(value)  # ValueError becomes a 400 naming pub_date
        if not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
            raise ValueError("must be ahead of now by at most a year")
        return value


class CollectionRequest(Body):
    name: CollectionName


class HotQuery(Query):
    size: int = Field(default=10, ge=1, le=50)
    page: int = Field(default=1, ge=1, le=100_000)


class StatusQuery(Query):
    # The seed's behaviour flags: like toggles, comment records one; is_collect (收藏) toggles, as like does.
    type: Literal["is_like", "is_comment", "is_collect"]


class RecommendationsQuery(Query):
    size: int = Field(default=10, ge=1, le=50)
