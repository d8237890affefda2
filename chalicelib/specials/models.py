"""The specials context's types: a special as stored, and the request schemas."""

from __future__ import annotations

from typing import Annotated, NamedTuple

from pydantic import Field, StringConstraints, field_validator

from chalicelib.banners.models import IMAGE_PATTERN
from chalicelib.core.schemas import Body, Query

Id = Annotated[int, Field(ge=1, le=10**12)]
MAX_MANAGERS = 20  # per special: the managers and the special change in one transaction (41 items at most)
MAX_MANAGED = 50  # the specials GET /article/special/ lists for one manager: one index Query, one BatchGetItem


class Special(NamedTuple):
    """One special (the seed's `Special`) with its managers; `version` counts changes (a concurrent edit is a 409)."""

    special_id: int
    name: str
    image: str
    managers: tuple[int, ...]
    article_count: int = 0
    version: int = 0


class SpecialRequest(Body):
    name: Annotated[str, StringConstraints(min_length=1, max_length=50, strip_whitespace=True)]
    image: Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True, pattern=IMAGE_PATTERN)]
    managers: Annotated[
        list[Id], Field(min_length=1, max_length=MAX_MANAGERS, description="user ids of the special's managers")
    ]

    @field_validator("managers")
    @classmethod
    def _once_each(cls, value: list[int]) -> list[int]:
        return list(dict.fromkeys(value))


class SpecialQuery(Query):
    article_id: Annotated[Id, Field(description="the article whose post_status each special shows")]


class PostRequest(Body):
    article_id: Id
    special_id: Id
