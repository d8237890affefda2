"""The banners context's types: a banner as stored, and the request schema."""

from __future__ import annotations

from typing import Annotated, NamedTuple
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StringConstraints

from chalicelib.core.schemas import Body
from chalicelib.core.settings import get_settings

# A relative media path or an http(s) URL; no other scheme, so "javascript:" or "data:" cannot reach the page.
IMAGE_PATTERN = r"^(https?://\S+|[^\s:]+)$"
LINK_RULE = "a site path (/...) or an https link to a host in BANNER_LINK_HOSTS"


def link_allowed(link: str) -> str:
    """Empty, a path on the site, or https to an allowed host; what else a page would follow may lead anywhere.

    `//host` and `/\\host` are other sites to a browser (it reads a backslash as a slash), `javascript:` runs code.
    """
    if "\\" in link or any(c.isspace() or not c.isprintable() for c in link):
        raise ValueError(f"must be {LINK_RULE}")
    if link == "" or (link.startswith("/") and not link.startswith("//")):
        return link
    parts = urlsplit(link)
    hosts = {h.strip().lower() for h in get_settings().banner_link_hosts.split(",") if h.strip()}
    if parts.scheme == "https" and not parts.username and (parts.hostname or "") in hosts:
        return link
    raise ValueError(f"must be {LINK_RULE}")


class Banner(NamedTuple):
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
    link: Annotated[str, StringConstraints(max_length=500, strip_whitespace=True), AfterValidator(link_allowed)] = ""
    orders: Annotated[int, Field(ge=0, le=10000)] = 0
    is_show: bool = True
