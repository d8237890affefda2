"""Areas in DynamoDB: one item per division holding its children, so any level is one read."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.models import Model

from chalicelib.core.storage import table_meta

ROOT_ID = 0  # the item whose children are the provinces


class AreaModel(Model):
    """A division with its direct subdivisions denormalised as `[{id, name}]`."""

    Meta = table_meta("areas")
    area_id = NumberAttribute(hash_key=True)
    name = UnicodeAttribute()
    parent_id = NumberAttribute(null=True)
    subs = JSONAttribute(default=list)


def get_area(area_id: int) -> AreaModel | None:
    """One division, or None."""
    try:
        return AreaModel.get(area_id)
    except DoesNotExist:
        return None


def get_many(area_ids: list[int]) -> dict[int, AreaModel]:
    """Several divisions in one batch read."""
    return {int(a.area_id): a for a in AreaModel.batch_get(list(dict.fromkeys(area_ids)))}


def save_all(areas: list[dict[str, Any]]) -> int:
    """Write divisions in batches of 25 (loading reference data)."""
    with AreaModel.batch_write() as batch:
        for area in areas:
            batch.save(AreaModel(area["id"], name=area["name"], parent_id=area.get("parent_id"), subs=area["subs"]))
    return len(areas)
