"""Functions whose roles infra/usage.py derives from their imports reach only the tables their work needs."""

from __future__ import annotations

from infra.usage import usage


def test_the_flash_sale_consumer_reaches_no_users_table() -> None:
    # The buyer's default address travels in the message, so placing the order needs no users read.
    tables = usage("chalicelib.functions.seckill_orders_consumer").tables
    assert tables.isdisjoint({"users", "unique-keys", "counters"}), sorted(tables)
    assert {"orders", "skus", "addresses"} <= tables


def test_the_visits_function_reaches_its_counters_and_the_category_tree_only() -> None:
    # The visit's existence check reads the category tree; the SKU and SPU tables are the catalogue pages' business.
    assert usage("chalicelib.functions.visits").tables == {"visits", "categories"}
