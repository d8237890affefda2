"""The areas context's types: a division as stored, and the query schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from chalicelib.core.schemas import Query

ROOT_ID = 0  # the division whose subdivisions are the provinces


@dataclass(frozen=True)
class Area:
    """A division with its direct subdivisions as `[{id, name}]`."""

    area_id: int
    name: str
    parent_id: int | None = None
    subs: list[dict[str, Any]] = field(default_factory=list)


class AreasQuery(Query):
    area_id: int | None = Field(default=None, ge=1, le=999999)
