"""Course list query schema."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from chalicelib.core.schemas import Query

Ordering = Literal["orders", "-orders", "price", "-price", "students", "-students", "id", "-id"]


class CoursesQuery(Query):
    """`?course_category=&ordering=&page=&size=`, as the luffy list page sends them."""

    course_category: int | None = Field(default=None, ge=1, le=10**9)
    ordering: Ordering = "orders"
    page: int = Field(default=1, ge=1, le=10**6)
    # Larger sizes are capped to the maximum rather than refused, as DRF's max_page_size does.
    size: int = Field(default=10, ge=1, le=10**6)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        # The front-end sends `course_category=` for "all"; a blank value means "not given", as django-filter reads it.
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value != ""}
        return data
