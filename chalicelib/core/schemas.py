"""Base classes for request schemas, and the types of path parameters."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

_DIGITS = re.compile(r"[0-9]{1,12}")


class Body(BaseModel):
    """A JSON body: strict types (no silent "1" → 1), unknown keys ignored."""

    model_config = ConfigDict(extra="ignore", strict=True)


class Query(BaseModel):
    """Query-string values arrive as text, so these convert ("2" → 2) but still validate."""

    model_config = ConfigDict(extra="ignore")


class Headers(BaseModel):
    """Request headers a route reads, each field aliased to its header name (matched case-insensitively)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=False)


def _ascii_digits(value: Any) -> Any:
    # str.isdigit() takes "²", which int() refuses, and int() takes other scripts' digits: ASCII digits only.
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise ValueError("must be a positive integer")
    return value


# The default type of a path parameter named `*_id`; any other is PathText unless the route names its type.
PathId = Annotated[int, BeforeValidator(_ascii_digits), Field(ge=1, le=10**12 - 1)]
PathText = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
