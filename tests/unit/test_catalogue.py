"""Catalogue pieces without AWS: the business day, money, the category tree."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from chalicelib.catalogue.categories import breadcrumb, build_tree
from chalicelib.catalogue.models import Category
from chalicelib.catalogue.visits import business_day
from chalicelib.core.money import MoneyAttribute, money


def test_the_business_day_is_the_date_in_the_business_time_zone():
    late_utc = datetime(2024, 1, 1, 16, 30, tzinfo=UTC)  # 00:30 on 2 January in Shanghai
    assert business_day("Asia/Shanghai", late_utc) == date(2024, 1, 2)
    assert business_day("UTC", late_utc) == date(2024, 1, 1)


def test_money_is_a_two_decimal_string_and_reads_back_as_decimal():
    assert money(Decimal("3388")) == "3388.00" and money(Decimal("0.125")) == "0.13"
    attribute = MoneyAttribute()
    assert attribute.serialize(Decimal("12.5")) == "12.50"
    # DynamoDB hands back "3388" for a stored 3388.00
    assert attribute.deserialize("3388") == Decimal("3388.00") and str(attribute.deserialize("3388")) == "3388.00"


def _cat(category_id: int, level: int, parent: int | None = None, **channel: Any) -> Category:
    return Category(category_id, name=f"c{category_id}", level=level, parent_id=parent, **channel)


def test_tree_groups_channels_by_group_and_sequence():
    cats = [
        _cat(2, 1, group_id=1, sequence=2, url="u2"),
        _cat(1, 1, group_id=1, sequence=1, url="u1"),
        _cat(3, 1, group_id=2, sequence=1, url="u3"),
        _cat(4, 1),  # no channel: not on the home page
        _cat(10, 2, 1),
        _cat(100, 3, 10),
        _cat(20, 2, 2),
    ]
    tree = build_tree(cats)
    assert list(tree["groups"]) == ["1", "2"]
    assert [c["id"] for c in tree["groups"]["1"]["channels"]] == [1, 2]
    assert tree["groups"]["1"]["sub_cats"] == [
        {"id": 10, "name": "c10", "sub_cats": [{"id": 100, "name": "c100"}]},
        {"id": 20, "name": "c20", "sub_cats": []},
    ]
    assert tree["groups"]["2"] == {"channels": [{"id": 3, "name": "c3", "url": "u3"}], "sub_cats": []}
    assert breadcrumb(tree["nodes"], 100) == {"cat1": "c1", "cat2": "c10", "cat3": "c100"}
