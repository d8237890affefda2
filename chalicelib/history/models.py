"""Browsing history request schema."""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.schemas import Body


class HistoryRequest(Body):
    sku_id: int = Field(ge=1, le=10**12)
