"""The navigation context's types: a link as stored, and the staff's request schema."""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple

from pydantic import AfterValidator, Field, StringConstraints

from chalicelib.banners.models import IMAGE_PATTERN, link_allowed
from chalicelib.core.schemas import Body

Place = Literal["header", "footer"]
PLACES: tuple[Place, ...] = ("header", "footer")
TOP = 0  # the parent id of a top-level link
MAX_LINKS = 100  # per place: a page's header or footer, one partition Query for both


class Nav(NamedTuple):
    """One link of the header or footer (the seed's `Nav`); `parent_id` TOP, or the top-level link it sits under."""

    nav_id: int
    place: Place
    name: str
    link: str = ""
    icon: str = ""
    parent_id: int = TOP
    orders: int = 0
    is_show: bool = True


class NavRequest(Body):
    place: Place
    name: Annotated[str, StringConstraints(min_length=1, max_length=30, strip_whitespace=True)]
    # The banners' rule (BANNER_LINK_HOSTS): a site path, or https to an allowed host; never javascript: or //host.
    link: Annotated[str, StringConstraints(max_length=500, strip_whitespace=True), AfterValidator(link_allowed)] = ""
    icon: Annotated[str, StringConstraints(max_length=500, strip_whitespace=True, pattern=f"^$|{IMAGE_PATTERN}")] = ""
    parent_id: Annotated[int, Field(ge=0, le=10**12, description="0 for a top-level link")] = TOP
    orders: Annotated[int, Field(ge=0, le=10000)] = 0
    is_show: bool = True
