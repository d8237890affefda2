"""Area lookups, cached in Redis under the seed's keys."""

from __future__ import annotations

from typing import Any, Protocol

import redis

from chalicelib.areas import repository
from chalicelib.areas.models import ROOT_ID, Area
from chalicelib.core.cache import read_through
from chalicelib.core.errors import NotFound, field_error


class Areas(Protocol):
    """Where divisions are read from (the DynamoDB one is `repository`)."""

    def get_area(self, area_id: int) -> Area | None: ...
    def get_many(self, area_ids: list[int]) -> dict[int, Area]: ...


def province_list(r: redis.Redis, ttl: int, areas: Areas = repository) -> list[dict[str, Any]]:
    """All provinces as `[{id, name}]`."""

    def load() -> list[dict[str, Any]]:
        root = areas.get_area(ROOT_ID)
        return list(root.subs) if root else []

    return list(read_through(r, "province_list", ttl, load))


def sub_area(r: redis.Redis, area_id: int, ttl: int, areas: Areas = repository) -> dict[str, Any]:
    """One division and its direct subdivisions; 404 for an unknown id."""

    def load() -> dict[str, Any] | None:
        area = areas.get_area(area_id)
        if area is None:
            return None
        return {"id": area.area_id, "name": area.name, "subs": list(area.subs)}

    if area_id == ROOT_ID:
        raise NotFound("area not found")
    data = read_through(r, f"sub_area_{area_id}", ttl, load)
    if data is None:
        raise NotFound("area not found")
    return dict(data)


def resolve_chain(province_id: int, city_id: int, district_id: int, areas: Areas = repository) -> dict[str, str]:
    """Names for a province → city → district chain; 400 naming the id that does not fit."""
    found = areas.get_many([province_id, city_id, district_id])
    chain = [("province_id", province_id, ROOT_ID), ("city_id", city_id, province_id)]
    chain.append(("district_id", district_id, city_id))
    names: dict[str, str] = {}
    for field, area_id, parent in chain:
        area = found.get(area_id)
        if area is None or area.parent_id != parent:
            raise field_error(field, "unknown area or not inside its parent")
        names[field.removesuffix("_id")] = area.name
    return names
