"""Base classes for request schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Body(BaseModel):
    """A JSON body: strict types (no silent "1" → 1), unknown keys ignored."""

    model_config = ConfigDict(extra="ignore", strict=True)


class Query(BaseModel):
    """Query-string values arrive as text, so these convert ("2" → 2) but still validate."""

    model_config = ConfigDict(extra="ignore")
