"""The areas context's types: a division as stored, and the query schema."""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import Field

from chalicelib.core.schemas import Query

ROOT_ID = 0  # the division whose subdivisions are the provinces


class Area(NamedTuple):
    """A division with its direct subdivisions as `[{id, name}]`."""

    area_id: int
    name: str
    parent_id: int | None = None
    subs: tuple[dict[str, Any], ...] = ()


class AreasQuery(Query):
    area_id: int | None = Field(default=None, ge=1, le=999999)
