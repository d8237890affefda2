"""Catalogue use cases on an in-memory catalogue and cache: SKU list pages, visits to third-level categories only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from chalicelib.catalogue import categories, service, visits
from chalicelib.catalogue.models import Category, Sku, SkuListing
from chalicelib.catalogue.requests import SkuListQuery
from chalicelib.core.errors import NotFound
from tests.unit.cache_fakes import DictRedis, as_redis

CAT1, CAT2, CAT3 = 1, 10, 100
DAY = date(2024, 1, 2)


@dataclass
class FakeCatalogue:
    """A three-level chain of categories and the third level's SKUs, newest first as the index yields them."""

    listed: list[SkuListing] = field(default_factory=list)
    reads: Counter[str] = field(default_factory=Counter)
    off_sale: frozenset[int] = frozenset()

    def all_categories(self) -> list[Category]:
        self.reads["all_categories"] += 1
        return [
            Category(CAT1, "家电", 1, group_id=1, sequence=1, url="http://c1"),
            Category(CAT2, "电视", 2, parent_id=CAT1),
            Category(CAT3, "曲面电视", 3, parent_id=CAT2, off_sale=self.off_sale),
        ]

    def get_category(self, category_id: int) -> Category | None:
        return next((c for c in self.all_categories() if c.category_id == category_id), None)

    def category_skus(self, category_id: int) -> list[SkuListing]:
        return list(self.listed) if category_id == CAT3 else []

    def get_sku(self, sku_id: int) -> Sku | None:
        return None

    def update_sku(self, sku_id: int, stock: int | None, price: Decimal | None, is_launched: bool | None = None) -> Sku:
        raise NotFound("sku not found")


@dataclass
class FakeCounters:
    """Visit counters keyed like the table: (category, day)."""

    counts: Counter[tuple[int, str]] = field(default_factory=Counter)

    def add_visit(self, category_id: int, day: str, shards: int = 1) -> None:
        self.counts[(category_id, day)] += 1

    def day_counts(self, day: str, shards: int = 1) -> dict[int, int]:
        return {category: n for (category, d), n in self.counts.items() if d == day}


def _catalogue() -> FakeCatalogue:
    prices, sales = ["30.00", "10.00", "20.00"], [5, 9, 1]
    listed = [SkuListing(i, f"sku{i}", Decimal(prices[i]), "", sales[i], 0) for i in range(3)]
    return FakeCatalogue(listed)


def test_a_sku_list_is_ordered_by_price_and_paged_with_its_breadcrumb():
    catalogue, cache = _catalogue(), as_redis(DictRedis())
    query = SkuListQuery(ordering="price", page_size=2, page=1)
    page = service.sku_list(cache, CAT3, query, catalogue, catalogue)
    assert [s["id"] for s in page["list"]] == [1, 2] and page["count"] == 2
    assert page["breadcrumb"] == {"cat1": "家电", "cat2": "电视", "cat3": "曲面电视"}
    by_sales = service.sku_list(cache, CAT3, SkuListQuery(ordering="-sales"), catalogue, catalogue)
    assert [s["id"] for s in by_sales["list"]] == [1, 0, 2]
    assert catalogue.reads["all_categories"] == 1, "the category tree is read once, then from the cache"


@pytest.mark.parametrize(("category_id", "page"), [(CAT2, 1), (CAT1, 1), (999, 1), (CAT3, 3)])
def test_only_an_existing_page_of_a_third_level_category_is_listed(category_id, page):
    with pytest.raises(NotFound):
        catalogue = _catalogue()
        service.sku_list(as_redis(DictRedis()), category_id, SkuListQuery(page=page, page_size=2), catalogue, catalogue)


def test_off_sale_skus_leave_the_list_and_the_best_sellers():
    # Given the best seller (sku1) off sale
    catalogue, cache = _catalogue(), as_redis(DictRedis())
    catalogue.off_sale = frozenset({1})

    # Then the list, its page count and the sidebar are of the two others
    page = service.sku_list(cache, CAT3, SkuListQuery(ordering="-sales", page_size=1), catalogue, catalogue)
    assert ([s["id"] for s in page["list"]], page["count"]) == ([0], 2)
    assert [s["id"] for s in service.hot_skus(cache, CAT3, catalogue, catalogue)] == [0, 2]


def test_a_visit_counts_once_on_its_day_and_only_for_a_third_level_category():
    cache, counters = as_redis(DictRedis()), FakeCounters()
    categories.tree(cache, _catalogue())  # the visit's existence check reads the cached tree
    visits.record_visit(cache, CAT3, DAY, 1, counters)
    for not_a_leaf in (CAT1, CAT2, 999):
        with pytest.raises(NotFound):
            visits.record_visit(cache, not_a_leaf, DAY, 1, counters)
    assert counters.counts == Counter({(CAT3, "2024-01-02"): 1})
    report = visits.day_views(cache, DAY, 1, counters)
    assert report == {"date": "2024-01-02", "results": [{"category_id": CAT3, "category": "曲面电视", "count": 1}]}
