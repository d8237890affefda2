"""Search's own settings: a section of the process's settings (chalicelib.core.settings), read on first use.

Deployed, SEARCH_URL is the collection's (or domain's) endpoint and requests are SigV4-signed with the function's
role; locally it is the osmem-server `make run` starts, unsigned. Unset, search answers 503 (no engine).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from chalicelib.core.settings import EnvSettings, HttpUrlText, get_settings


def _without_trailing_slash(url: str) -> str:
    # Paths are appended with their own leading slash.
    return url.rstrip("/")


class SearchSettings(EnvSettings):
    """Where the engine is, how requests are signed, what the indexes are called."""

    search_url: Annotated[HttpUrlText, AfterValidator(_without_trailing_slash)] = ""
    search_auth: Literal["none", "sigv4"] = "none"
    # SigV4's service name: "aoss" for a Serverless collection, "es" for a managed domain.
    search_sigv4_service: Literal["aoss", "es"] = "aoss"
    search_index_prefix: str = Field(default="shop-", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    # A search that waits longer than this answers 503: a slow engine must not hold API Gateway's 29 s.
    search_timeout_seconds: float = Field(default=3.0, gt=0, le=25)

    def index(self, name: str) -> str:
        """The engine's index for a logical index ("skus", "articles")."""
        return f"{self.search_index_prefix}{name}"

    @property
    def region(self) -> str:
        """The region requests are signed for (the app's)."""
        return get_settings().aws_region


def get_search_settings() -> SearchSettings:
    """Search's section of the process's settings."""
    return get_settings().section(SearchSettings)
