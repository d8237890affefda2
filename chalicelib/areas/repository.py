"""Areas in DynamoDB: one item per division holding its children, so any level is one read."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.areas.models import Area
from chalicelib.core.storage import get_or_none, table_meta


class AreaModel(Model):
    """A division with its direct subdivisions denormalised as `[{id, name}]`."""

    Meta = table_meta("areas")
    area_id = NumberAttribute(hash_key=True)
    name = UnicodeAttribute()
    parent_id = NumberAttribute(null=True)
    subs = JSONAttribute(default=list)


def _area(model: AreaModel) -> Area:
    parent_id = int(model.parent_id) if model.parent_id is not None else None
    return Area(int(model.area_id), model.name, parent_id, tuple(model.subs))


def get_area(area_id: int) -> Area | None:
    """One division, or None."""
    model = get_or_none(AreaModel, area_id)
    return None if model is None else _area(model)


def get_many(area_ids: list[int]) -> dict[int, Area]:
    """Several divisions in one batch read."""
    return {int(a.area_id): _area(a) for a in AreaModel.batch_get(list(dict.fromkeys(area_ids)))}


def save_all(areas: list[dict[str, Any]]) -> int:
    """Write divisions in batches of 25 (loading reference data)."""
    with AreaModel.batch_write() as batch:
        for area in areas:
            batch.save(AreaModel(area["id"], name=area["name"], parent_id=area.get("parent_id"), subs=area["subs"]))
    return len(areas)
