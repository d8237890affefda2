"""SPUs and SKUs in DynamoDB; the only module that reads or writes them, returning the catalogue's types.

Categories have their own module (category_repository.py); loading data writes all three here.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model

from chalicelib.catalogue import category_repository
from chalicelib.catalogue.category_repository import CategoryModel
from chalicelib.catalogue.models import Sku, SkuListing, SkuView
from chalicelib.core.errors import NotFound
from chalicelib.core.money import MoneyAttribute
from chalicelib.core.storage import get_or_none, table_meta, write_if
from chalicelib.core.transactions import Transaction, TransactionCancelled

# The most SKUs one category list reads; the meiduo catalogue has a few dozen per category.
MAX_CATEGORY_SKUS = 1000
# What carts, history and checkout read of many SKUs at once.
VIEW_ATTRIBUTES = ["sku_id", "name", "price", "stock", "spu_id", "default_image_url"]


class SpuModel(Model):
    """A product (SPU); checkout adds to `sales` inside its transaction."""

    Meta = table_meta("spus")
    spu_id = NumberAttribute(hash_key=True)
    name = UnicodeAttribute()
    category_id = NumberAttribute()
    sales = NumberAttribute(default=0)
    comments = NumberAttribute(default=0)


class SkusByCategory(GlobalSecondaryIndex["SkuModel"]):
    """A category's SKUs, newest first when read backwards, with just what a list page shows."""

    class Meta:
        index_name = "by-category"
        projection = IncludeProjection(["name", "price", "default_image_url", "sales", "comments"])

    category_id = NumberAttribute(hash_key=True)
    create_time = UTCDateTimeAttribute(range_key=True)


class SkuModel(Model):
    """A sellable item (SKU); `stock` and `sales` are plain numbers so a transaction can `ADD` to them."""

    Meta = table_meta("skus")
    sku_id = NumberAttribute(hash_key=True)
    spu_id = NumberAttribute()
    category_id = NumberAttribute()  # third level
    name = UnicodeAttribute()
    caption = UnicodeAttribute(default="")
    price = MoneyAttribute()
    stock = NumberAttribute(default=0)
    sales = NumberAttribute(default=0)
    comments = NumberAttribute(default=0)
    default_image_url = UnicodeAttribute(default="")
    create_time = UTCDateTimeAttribute()
    # Off sale when False (the seed's is_launched); absent on items written before it, which are on sale.
    is_launched = BooleanAttribute(null=True)
    # Counts the writes that change what search shows (name, price, image, on sale): the index keeps the highest.
    version = NumberAttribute(default=0)
    by_category = SkusByCategory()


def _sku(model: SkuModel) -> Sku:
    """A SKU read with every attribute as the catalogue's type."""
    return Sku(
        sku_id=int(model.sku_id),
        spu_id=int(model.spu_id),
        category_id=int(model.category_id),
        name=model.name,
        caption=model.caption,
        price=model.price,
        stock=int(model.stock),
        sales=int(model.sales),
        comments=int(model.comments),
        default_image_url=model.default_image_url,
        create_time=model.create_time,
        is_launched=model.is_launched is not False,
    )


def _sku_view(model: SkuModel) -> SkuView:
    """A SKU read with VIEW_ATTRIBUTES (or more) as what carts, history and checkout show."""
    price, image = model.price, model.default_image_url
    return SkuView(int(model.sku_id), int(model.spu_id), model.name, price, int(model.stock), image)


def get_sku(sku_id: int) -> Sku | None:
    """One SKU with every attribute, or None."""
    model = get_or_none(SkuModel, sku_id)
    return None if model is None else _sku(model)


def sku_views(sku_ids: Iterable[int]) -> dict[int, SkuView]:
    """Name, price, stock, spu_id and image of many SKUs in one BatchGetItem (up to 100); unknown ids are absent."""
    keys = list(dict.fromkeys(int(i) for i in sku_ids))
    if not keys:
        return {}
    return {int(s.sku_id): _sku_view(s) for s in SkuModel.batch_get(keys, attributes_to_get=VIEW_ATTRIBUTES)}


def category_skus(category_id: int) -> list[SkuListing]:
    """A category's SKUs from the index, newest first, paging the Query through up to MAX_CATEGORY_SKUS."""
    query = SkuModel.by_category.query(category_id, scan_index_forward=False, limit=MAX_CATEGORY_SKUS)
    return [
        SkuListing(int(s.sku_id), s.name, s.price, s.default_image_url, int(s.sales), int(s.comments)) for s in query
    ]


def update_sku(sku_id: int, stock: int | None, price: Decimal | None, is_launched: bool | None = None) -> Sku:
    """Set stock, price and/or sale state of an existing SKU; 404 if there is none. Returns the SKU as stored."""
    actions: list[Any] = [SkuModel.version.add(1)]  # the search index takes this write over any older one
    if stock is not None:
        actions.append(SkuModel.stock.set(stock))
    if price is not None:
        actions.append(SkuModel.price.set(price))
    if is_launched is None:
        return _update_alone(sku_id, actions)
    actions.append(SkuModel.is_launched.set(is_launched))
    return _update_with_sale_state(sku_id, actions, is_launched)


def _update_alone(sku_id: int, actions: list[Any]) -> Sku:
    model = SkuModel(sku_id)
    # The update returns every attribute (ALL_NEW) into the model, so no read follows.
    if not write_if(lambda: model.update(actions=actions, condition=SkuModel.sku_id.exists())):
        raise NotFound("sku not found")
    return _sku(model)


def _update_with_sale_state(sku_id: int, actions: list[Any], on_sale: bool) -> Sku:
    """The SKU and its category's off-sale set in one transaction, so a list page never disagrees with the SKU."""
    model = get_or_none(SkuModel, sku_id, consistent_read=True)
    if model is None:
        raise NotFound("sku not found")
    category_id = int(model.category_id)
    try:
        with Transaction() as tx:
            # The category read is a condition: a SKU moved meanwhile cancels rather than marking the wrong category.
            tx.update(SkuModel(sku_id), actions, condition=SkuModel.category_id == category_id, label="sku")
            category_repository.record_sale_state(tx, category_id, sku_id, on_sale)
    except TransactionCancelled as cancelled:
        if category_repository.CATEGORY_LABEL not in cancelled.failed:
            raise NotFound("sku not found") from None
        return _update_alone(sku_id, actions)  # its category is gone, so no list shows it: the SKU alone changes
    return _sku(SkuModel.get(sku_id, consistent_read=True))


def off_sale_by_category() -> dict[int, set[int]]:
    """Every off-sale SKU's id by its category: a Scan of the SKU table, for upkeep (never a page)."""
    found: dict[int, set[int]] = {}
    for sku in SkuModel.scan(SkuModel.is_launched == False, attributes_to_get=["sku_id", "category_id"]):  # noqa: E712
        found.setdefault(int(sku.category_id), set()).add(int(sku.sku_id))
    return found


def save_catalogue(categories: list[CategoryModel], spus: list[SpuModel], skus: list[SkuModel]) -> int:
    """Write categories, SPUs and SKUs in batches of 25 (loading reference and demo data)."""
    for model_cls, items in ((CategoryModel, categories), (SpuModel, spus), (SkuModel, skus)):
        with model_cls.batch_write() as batch:
            for item in items:
                batch.save(item)
    return len(categories) + len(spus) + len(skus)
