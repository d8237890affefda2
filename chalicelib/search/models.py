"""Search's query strings: `q` (1 to 100 characters once trimmed), a page and its size."""

from __future__ import annotations

from pydantic import Field, field_validator

from chalicelib.core.schemas import Query
from chalicelib.search.queries import MAX_QUERY_CHARS, normalise

MAX_PAGE = 1000  # past 1,000 pages deep paging costs the engine more than any reader gets from it
MAX_SIZE = 50


class _SearchQuery(Query):
    q: str = Field(max_length=4 * MAX_QUERY_CHARS)
    page: int = Field(default=1, ge=1, le=MAX_PAGE)

    @field_validator("q")
    @classmethod
    def _words(cls, value: str) -> str:
        value = normalise(value)
        if not 1 <= len(value) <= MAX_QUERY_CHARS:
            raise ValueError(f"give 1 to {MAX_QUERY_CHARS} characters to search for")
        return value


class SkuSearchQuery(_SearchQuery):
    """meiduo's search page: `?q=&page=&page_size=` (its page asks for 6)."""

    page_size: int = Field(default=6, ge=1, le=MAX_SIZE)


class ArticleSearchQuery(_SearchQuery):
    """renran's names for the page size: `?q=&page=&size=`."""

    size: int = Field(default=10, ge=1, le=MAX_SIZE)
