"""Categories in DynamoDB: the only module that reads or writes the categories table.

Apart from the SKU and SPU tables' repository so that what needs only the tree (the visit counter's existence
check) reaches the categories table alone: a function's grants follow the modules it imports (infra/usage.py).
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.catalogue.models import Category
from chalicelib.core.storage import get_or_none, table_meta


class CategoryModel(Model):
    """A category at any of three levels; a first-level one with a group_id is a home-page channel."""

    Meta = table_meta("categories")
    category_id = NumberAttribute(hash_key=True)
    name = UnicodeAttribute()
    parent_id = NumberAttribute(null=True)
    level = NumberAttribute()  # 1, 2 or 3: stored so one GetItem can tell a third-level category
    # The seed's GoodsChannel, one per first-level category, kept on that category's item.
    group_id = NumberAttribute(null=True)
    sequence = NumberAttribute(null=True)
    url = UnicodeAttribute(null=True)


def _optional_int(value: float | None) -> int | None:
    return int(value) if value is not None else None


def _category(model: CategoryModel) -> Category:
    """A stored category as the catalogue's type."""
    return Category(
        category_id=int(model.category_id),
        name=model.name,
        level=int(model.level),
        parent_id=_optional_int(model.parent_id),
        group_id=_optional_int(model.group_id),
        sequence=_optional_int(model.sequence),
        url=model.url,
    )


def all_categories() -> list[Category]:
    """Every category: the tree is small reference data read whole (and then cached), so a Scan is the read."""
    return [_category(c) for c in CategoryModel.scan()]


def get_category(category_id: int) -> Category | None:
    """One category, or None."""
    model = get_or_none(CategoryModel, category_id)
    return None if model is None else _category(model)
