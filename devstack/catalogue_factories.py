"""Categories and SKUs for tests and the benchmark, loaded as the catalogue's own loader loads them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from chalicelib.catalogue import service as catalogue
from chalicelib.catalogue.category_repository import CategoryModel
from chalicelib.catalogue.repository import SkuModel, SpuModel
from chalicelib.core.clients import get_redis

# Far above the demo catalogue's fixed ids (devstack/catalogue_data.py), so both can share one backend.
_catalogue_ids = itertools.count(1_000_000)


def make_categories(group_id: int = 99) -> dict[str, Any]:
    """A new first → second → third-level chain, the first a channel of `group_id`; the tree cache is dropped."""
    ids = [next(_catalogue_ids) for _ in range(3)]
    names = [f"类别{i}" for i in ids]
    cats = [
        CategoryModel(ids[0], name=names[0], level=1, group_id=group_id, sequence=1, url=f"http://c{ids[0]}.example"),
        CategoryModel(ids[1], name=names[1], level=2, parent_id=ids[0]),
        CategoryModel(ids[2], name=names[2], level=3, parent_id=ids[1]),
    ]
    catalogue.load_catalogue(get_redis(), cats, [], [])
    return {"cat1": ids[0], "cat2": ids[1], "cat3": ids[2], "names": names}


def make_category() -> int:
    """A new third-level category (in a new chain); its id."""
    return int(make_categories()["cat3"])


def make_skus(category_id: int, *specs: dict[str, Any]) -> list[int]:
    """SKUs of one new SPU in a category; a spec may set name, price, stock, sales, comments and age_hours."""
    spu_id, now = next(_catalogue_ids), datetime.now(UTC)
    skus = []
    for spec in specs:
        sku_id = next(_catalogue_ids)
        skus.append(
            SkuModel(
                sku_id,
                spu_id=spu_id,
                category_id=category_id,
                name=spec.get("name", f"商品{sku_id}"),
                caption=f"说明{sku_id}",
                price=Decimal(str(spec.get("price", "100.00"))),
                stock=spec.get("stock", 10),
                sales=spec.get("sales", 0),
                comments=spec.get("comments", 0),
                default_image_url=f"https://images.example.com/skus/{sku_id}.jpg",
                create_time=now - timedelta(hours=spec.get("age_hours", 0)),
            )
        )
    catalogue.load_catalogue(get_redis(), [], [SpuModel(spu_id, name=f"SPU{spu_id}", category_id=category_id)], skus)
    return [int(s.sku_id) for s in skus]


def stocked_skus(category_id: int, count: int, stock: int) -> list[int]:
    """`count` SKUs of one new SPU, each with `stock` units."""
    return make_skus(category_id, *({"stock": stock} for _ in range(count)))


def stock_and_sales(sku_id: int) -> tuple[int, int]:
    """A SKU's stock and sales as stored (strongly consistent)."""
    sku = SkuModel.get(sku_id, consistent_read=True)
    return int(sku.stock), int(sku.sales)


def spu_sales(sku_id: int) -> int:
    """The sales of the SPU a SKU belongs to."""
    spu_id = int(SkuModel.get(sku_id, consistent_read=True).spu_id)
    return int(SpuModel.get(spu_id, consistent_read=True).sales)
