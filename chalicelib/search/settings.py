"""Search's own settings, read from the environment once per process (the variable is the upper-cased name).

Deployed, SEARCH_URL is the collection's (or domain's) endpoint and requests are SigV4-signed with the function's
role; locally it is the osmem-server `make run` starts, unsigned. Unset, search answers 503 (no engine).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from chalicelib.core.settings import get_settings


class SearchSettings(BaseModel):
    """Where the engine is, how requests are signed, what the indexes are called."""

    search_url: str = ""
    search_auth: Literal["none", "sigv4"] = "none"
    # SigV4's service name: "aoss" for a Serverless collection, "es" for a managed domain.
    search_sigv4_service: Literal["aoss", "es"] = "aoss"
    search_index_prefix: str = Field(default="shop-", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    # A search that waits longer than this answers 503: a slow engine must not hold API Gateway's 29 s.
    search_timeout_seconds: float = Field(default=3.0, gt=0, le=25)

    @field_validator("search_url")
    @classmethod
    def _http_only(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")

    def index(self, name: str) -> str:
        """The engine's index for a logical index ("skus", "articles")."""
        return f"{self.search_index_prefix}{name}"

    @property
    def region(self) -> str:
        """The region requests are signed for (the app's)."""
        return get_settings().aws_region


@lru_cache(maxsize=1)
def get_search_settings() -> SearchSettings:
    """The process-wide search settings, validated once."""
    values = {name: os.environ[name.upper()] for name in SearchSettings.model_fields if os.environ.get(name.upper())}
    return SearchSettings.model_validate(values)
