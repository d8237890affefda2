"""Navigation links in one partition (`group` = "navs"): both places are one Query, never a Scan."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.core.errors import NotFound
from chalicelib.core.storage import get_or_none, next_id, table_meta, write_if
from chalicelib.navigation.models import MAX_LINKS, TOP, Nav, Place

# A header and a footer hold tens of links, far below one partition's limits, so one key holds them all.
GROUP = "navs"


class NavModel(Model):
    """One link (the seed's `Nav`); deleted for real, since only its own sub-links refer to it."""

    Meta = table_meta("navs")
    group = UnicodeAttribute(hash_key=True, default=GROUP)
    nav_id = NumberAttribute(range_key=True)
    place = UnicodeAttribute()
    name = UnicodeAttribute()
    link = UnicodeAttribute(default="")
    icon = UnicodeAttribute(default="")
    parent_id = NumberAttribute(default=TOP)
    orders = NumberAttribute(default=0)
    is_show = BooleanAttribute(default=True)


def _nav(row: NavModel) -> Nav:
    place: Place = "footer" if row.place == "footer" else "header"
    values = (row.name, row.link, row.icon, int(row.parent_id), int(row.orders), bool(row.is_show))
    return Nav(int(row.nav_id), place, *values)


def list_navs() -> list[Nav]:
    """Every link of both places (hidden ones too), by `orders` then id."""
    rows = NavModel.query(GROUP, limit=2 * MAX_LINKS)
    return sorted((_nav(r) for r in rows), key=lambda n: (n.orders, n.nav_id))


def get(nav_id: int) -> Nav | None:
    """One link, or None."""
    row = get_or_none(NavModel, GROUP, nav_id)
    return None if row is None else _nav(row)


def create(values: dict[str, Any]) -> Nav:
    """Store a new link under the next id of the `nav` sequence."""
    row = NavModel(GROUP, next_id("nav"), **values)
    row.save(condition=NavModel.nav_id.does_not_exist())
    return _nav(row)


def replace(nav_id: int, values: dict[str, Any]) -> Nav:
    """Overwrite an existing link's fields; 404 if there is none."""
    row = NavModel(GROUP, nav_id)
    actions = [getattr(NavModel, k).set(v) for k, v in values.items()]
    # The update returns every attribute (ALL_NEW) into the model, so no read follows.
    if not write_if(lambda: row.update(actions=actions, condition=NavModel.nav_id.exists())):
        raise NotFound("navigation link not found")
    return _nav(row)


def delete(nav_id: int) -> None:
    """Remove a link; 404 if there is none."""
    if not write_if(lambda: NavModel(GROUP, nav_id).delete(condition=NavModel.nav_id.exists())):
        raise NotFound("navigation link not found")
