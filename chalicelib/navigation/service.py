"""Navigation use cases: the two places' link trees from the cache (cache-aside, delete on write) and staff writes.

Links are two levels deep as the seed's page shows them: a top-level link, and the sub-links (`son_list`) under it.
"""

from __future__ import annotations

from typing import Any, Protocol

import redis

from chalicelib.core.cache import invalidate, read_through
from chalicelib.core.errors import Conflict, NotFound, field_error
from chalicelib.core.links import media_url
from chalicelib.core.observability import logger
from chalicelib.navigation import repository
from chalicelib.navigation.models import MAX_LINKS, PLACES, TOP, Nav, NavRequest, Place

CACHE_KEY = "nav_list"
# A reader that missed may store a tree read just before a concurrent write; this bounds how long it lives.
CACHE_SECONDS = 300


class Navs(Protocol):
    """Where links are kept (the DynamoDB table is `repository`)."""

    def list_navs(self) -> list[Nav]: ...
    def create(self, values: dict[str, Any]) -> Nav: ...
    def replace(self, nav_id: int, values: dict[str, Any]) -> Nav: ...
    def delete(self, nav_id: int) -> None: ...


def _shown(nav: Nav) -> dict[str, Any]:
    # is_http: the page opens the link as it is (another site, new tab) rather than as a route of its own.
    is_http = nav.link.startswith(("http://", "https://"))
    return {"name": nav.name, "link": nav.link, "is_http": is_http, "icon": media_url(nav.icon)}


def _tree(navs: list[Nav], place: Place) -> list[dict[str, Any]]:
    """The shown top-level links of a place with their shown sub-links; a hidden link hides its sub-links."""
    shown = [n for n in navs if n.place == place and n.is_show]
    return [
        {**_shown(top), "son_list": [_shown(n) for n in shown if n.parent_id == top.nav_id]}
        for top in shown
        if top.parent_id == TOP
    ]


def nav_list(r: redis.Redis, place: Place, navs: Navs = repository) -> list[dict[str, Any]]:
    """The place's links by `orders`, from the cache; a miss (or Redis down) reads the table, both places at once."""
    trees = read_through(r, CACHE_KEY, CACHE_SECONDS, lambda: {p: _tree(navs.list_navs(), p) for p in PLACES})
    return list(trees.get(place) or [])  # a cached value of another shape is no list to answer, never a 500


def to_admin(nav: Nav) -> dict[str, Any]:
    """A link as staff wrote it (icon as stored), with its place, parent and `is_show`."""
    fields = ("place", "name", "link", "icon", "parent_id", "orders", "is_show")
    return {"id": nav.nav_id, **{name: getattr(nav, name) for name in fields}}


def all_navs(navs: Navs = repository) -> list[dict[str, Any]]:
    """Every link, hidden ones too, for staff."""
    return [to_admin(n) for n in navs.list_navs()]


def _checked(req: NavRequest, nav_id: int | None, existing: list[Nav]) -> dict[str, Any]:
    """The request's values if its parent is a top-level link of the same place (two levels, no cycles)."""
    if req.parent_id != TOP:
        parent = next((n for n in existing if n.nav_id == req.parent_id), None)
        if parent is None or parent.parent_id != TOP or parent.place != req.place or parent.nav_id == nav_id:
            raise field_error("parent_id", "must be 0 or the id of another top-level link of the same place")
        if any(n.parent_id == nav_id for n in existing if nav_id is not None):
            raise field_error("parent_id", "must be 0: this link has sub-links of its own")
    return req.model_dump()


def _forget(r: redis.Redis) -> None:
    # The table write already succeeded, so a Redis outage must not fail the request; the entry expires soon.
    try:
        invalidate(r, CACHE_KEY)
    except redis.RedisError:
        logger.warning("navigation cache not invalidated; it expires within CACHE_SECONDS", exc_info=True)


def create(r: redis.Redis, req: NavRequest, navs: Navs = repository) -> dict[str, Any]:
    """Add a link; the next GET shows it. A place holds at most MAX_LINKS."""
    existing = navs.list_navs()
    if sum(n.place == req.place for n in existing) >= MAX_LINKS:
        raise Conflict(f"the {req.place} holds at most {MAX_LINKS} links")
    nav = navs.create(_checked(req, None, existing))
    _forget(r)
    return to_admin(nav)


def update(r: redis.Redis, nav_id: int, req: NavRequest, navs: Navs = repository) -> dict[str, Any]:
    """Replace a link's fields; 404 for an unknown id; a link with sub-links keeps its place."""
    existing = navs.list_navs()
    current = next((n for n in existing if n.nav_id == nav_id), None)
    if current is None:
        raise NotFound("navigation link not found")
    if req.place != current.place and any(n.parent_id == nav_id for n in existing):
        raise Conflict("the link has sub-links: move or delete them first")
    nav = navs.replace(nav_id, _checked(req, nav_id, existing))
    _forget(r)
    return to_admin(nav)


def delete(r: redis.Redis, nav_id: int, navs: Navs = repository) -> None:
    """Remove a link without sub-links; 404 for an unknown id, 409 while sub-links sit under it."""
    if any(n.parent_id == nav_id for n in navs.list_navs()):
        raise Conflict("the link has sub-links: move or delete them first")
    navs.delete(nav_id)
    _forget(r)
