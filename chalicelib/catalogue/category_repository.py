"""Categories in DynamoDB: the only module that reads or writes the categories table.

A third-level category's item also holds the ids of its SKUs staff took off sale: the list pages read the tree
from the cache anyway, so they leave those SKUs out at no extra request (the SKUs' index does not project
`is_launched`). SKU updates write that set in the same transaction as the SKU (`record_sale_state`).

Apart from the SKU and SPU tables' repository so that what needs only the tree (the visit counter's existence
check) reaches the categories table alone: a function's grants follow the modules it imports (infra/usage.py).
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, NumberSetAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.catalogue.models import Category
from chalicelib.core.storage import get_or_none, table_meta
from chalicelib.core.transactions import Transaction

CATEGORY_LABEL = "category"


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
    # Third level only: the SKUs of the category that are off sale (is_launched False). Absent when none.
    off_sale = NumberSetAttribute(null=True)


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
        off_sale=frozenset(int(sku_id) for sku_id in model.off_sale or ()),
    )


def all_categories() -> list[Category]:
    """Every category: the tree is small reference data read whole (and then cached), so a Scan is the read."""
    return [_category(c) for c in CategoryModel.scan()]


def get_category(category_id: int) -> Category | None:
    """One category, or None."""
    model = get_or_none(CategoryModel, category_id)
    return None if model is None else _category(model)


def record_sale_state(tx: Transaction, category_id: int, sku_id: int, on_sale: bool) -> None:
    """Put the SKU in its category's off-sale set or take it out, in the caller's transaction (label CATEGORY_LABEL).

    The category must exist: an ADD on a missing key would create a category item with no name or level.
    """
    change = {sku_id}
    action = CategoryModel.off_sale.delete(change) if on_sale else CategoryModel.off_sale.add(change)
    tx.update(CategoryModel(category_id), [action], condition=CategoryModel.category_id.exists(), label=CATEGORY_LABEL)


def set_off_sale(off_sale: dict[int, set[int]]) -> int:
    """Make every category's off-sale set exactly `off_sale`'s (absent: none); returns how many categories changed."""
    changed = 0
    for category in CategoryModel.scan():
        wanted: set[float] = set(off_sale.get(int(category.category_id), ()))  # a number set's type
        if set(category.off_sale or ()) != wanted:
            category.update(actions=[CategoryModel.off_sale.set(wanted) if wanted else CategoryModel.off_sale.remove()])
            changed += 1
    return changed
