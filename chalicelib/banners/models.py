"""The banners context's types: a banner as stored, and the request schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, StringConstraints

from chalicelib.core.schemas import Body

# A relative media path or an http(s) URL; no other scheme, so "javascript:" or "data:" cannot reach the page.
IMAGE_PATTERN = r"^(https?://\S+|[^\s:]+)$"
# Empty (no link), a site path, or an http(s) URL.
LINK_PATTERN = r"^(|/\S*|https?://\S+)$"


@dataclass(frozen=True)
class Banner:
    """One home-page banner (the seed's `Banner`)."""

    banner_id: int
    title: str
    image: str
    link: str = ""
    orders: int = 0
    is_show: bool = True


class BannerRequest(Body):
    title: Annotated[str, StringConstraints(min_length=1, max_length=50, strip_whitespace=True)]
    image: Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True, pattern=IMAGE_PATTERN)]
    link: Annotated[str, StringConstraints(max_length=500, strip_whitespace=True, pattern=LINK_PATTERN)] = ""
    orders: Annotated[int, Field(ge=0, le=10000)] = 0
    is_show: bool = True
