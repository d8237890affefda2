"""The follow routes' request schemas (the follow function builds these and no other feed schema)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.core.schemas import Body, Query

UserId = Annotated[int, Field(ge=1, le=10**12)]


class FocusQuery(Query):
    author_id: UserId


class FocusRequest(Body):
    author_id: UserId
    status: Literal[0, 1]  # the caller's current status: 1 unfollows, 0 follows


class PeopleQuery(Query):
    size: int = Field(default=20, ge=1, le=50)
    cursor: int | None = Field(default=None, ge=0, le=10**12)
