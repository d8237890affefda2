"""Correctness under contention: visit counts, checkout and flash sale at N concurrent workers, beside the seeds."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from bench import baselines
from chalicelib.catalogue import visits_repository
from chalicelib.core.clients import get_redis
from chalicelib.core.errors import Conflict, OutOfStock
from chalicelib.orders import checkout
from chalicelib.orders.requests import CommitRequest
from chalicelib.orders.tables import OrderModel
from chalicelib.seckill import queue, service
from devstack.catalogue_factories import make_category, stock_and_sales, stocked_skus
from devstack.drain import drain
from devstack.factories import User, empty_cart, fill_cart
from devstack.workers import in_parallel, run_workers

VISITS_PER_WORKER = 10
CHECKOUT_UNITS, SALE_UNITS = 20, 50


def _errors(outcomes: list[Any], expected: tuple[type[BaseException], ...] = ()) -> int:
    """Outcomes that are exceptions other than the expected refusals."""
    return sum(isinstance(o, Exception) and not isinstance(o, expected) for o in outcomes)


def visits(workers: int, day: str) -> dict[str, Any]:
    """N workers x M visits to one category's day record: the project's ADD, then seed 000's read-modify-write."""
    expected = workers * VISITS_PER_WORKER
    project, seed = make_category(), make_category()
    added = run_workers(visits_repository.add_visit, [(project, day)] * expected, workers)
    counted = run_workers(baselines.visit_read_modify_write, [(seed, day)] * expected, workers)
    project_count = visits_repository.category_count(project, day)
    seed_count = int(visits_repository.VisitModel.get(seed, day, consistent_read=True).visits)
    return {
        "visits": expected,
        "project": {"counted": project_count, "lost": expected - project_count, "errors": _errors(added)},
        "baseline": {"counted": seed_count, "lost": expected - seed_count, "errors": _errors(counted)},
    }


def _units_ordered(users: list[User], sku_id: int) -> Counter[int]:
    """Units of the SKU in each user's orders, as stored (the ground truth for overselling)."""

    def units(user: User) -> int:
        orders = OrderModel.query(user.id, consistent_read=True)
        return sum(int(line.count) for order in orders for line in order.lines if int(line.sku_id) == sku_id)

    return Counter(dict(zip([u.id for u in users], in_parallel(units, [(u,) for u in users]), strict=True)))


def _stock(sku_id: int) -> int:
    return stock_and_sales(sku_id)[0]


def _refill(buyers: list[User], sku_id: int) -> None:
    """Empty every buyer's cart, then put one unit of the SKU in it."""
    for buyer in buyers:
        empty_cart(buyer.id)
        fill_cart(buyer.id, {sku_id: 1})


def checkouts(buyers: list[User], workers: int) -> dict[str, Any]:
    """Every buyer checks out one unit of a SKU with 20 in stock: the project's transaction, then seed 001's loop."""
    r, category = get_redis(), make_category()
    (project_sku,) = stocked_skus(category, 1, CHECKOUT_UNITS)
    (seed_sku,) = stocked_skus(category, 1, CHECKOUT_UNITS)

    def buy(user: User) -> str:
        request = CommitRequest(address_id=user.address_id, pay_method=1)
        return checkout.commit(r, user.id, request, None, datetime.now(UTC), lambda placed: None)

    def seed_buy(user: User) -> baselines.SeedCheckout:
        return baselines.checkout_optimistic(r, user.id, user.address_id)

    _refill(buyers, project_sku)
    placed = run_workers(buy, [(b,) for b in buyers], workers)
    _refill(buyers, seed_sku)
    seeded = run_workers(seed_buy, [(b,) for b in buyers], workers)
    project_units = sum(_units_ordered(buyers, project_sku).values())
    seed_units = sum(_units_ordered(buyers, seed_sku).values())
    seed_ok = [o for o in seeded if isinstance(o, baselines.SeedCheckout)]
    return {
        "buyers": len(buyers),
        "units": CHECKOUT_UNITS,
        "project": {
            "orders": sum(isinstance(o, str) for o in placed),
            "refused_409": sum(isinstance(o, OutOfStock) for o in placed),
            "oversold": max(0, project_units - CHECKOUT_UNITS),
            "stock_left": _stock(project_sku),
            "errors": _errors(placed, (OutOfStock,)),
        },
        "baseline": {
            "orders": sum(o.order_id is not None for o in seed_ok),
            "refused_409": sum(o.order_id is None for o in seed_ok),
            "retries": sum(o.retries for o in seed_ok),
            "oversold": max(0, seed_units - CHECKOUT_UNITS),
            "stock_left": _stock(seed_sku),
            "errors": _errors(seeded),
        },
    }


def flash_sale(users: list[User], workers: int, requests: int = 500) -> dict[str, Any]:
    """`requests` admissions (each user asks twice or more) for 50 units, then the consumer places the orders."""
    r = get_redis()
    (sku,) = stocked_skus(make_category(), 1, SALE_UNITS)
    service.open_sale(r, sku, SALE_UNITS)
    jobs = [(users[i % len(users)],) for i in range(requests)]
    random.Random(workers).shuffle(jobs)
    outcomes = run_workers(lambda u: service.admit(r, u.id, sku, queue.publish), jobs, workers)
    drain("seckill-orders", "seckill_orders_consumer")
    units = _units_ordered(users, sku)
    return {
        "requests": requests,
        "users": len(users),
        "units": SALE_UNITS,
        "admitted": sum(isinstance(o, str) for o in outcomes),
        "sold_out_409": sum(isinstance(o, OutOfStock) for o in outcomes),
        "already_in_409": sum(isinstance(o, Conflict) for o in outcomes),
        "orders": sum(units.values()),
        "users_with_two_or_more": sum(n > 1 for n in units.values()),
        "oversold": max(0, sum(units.values()) - SALE_UNITS),
        "stock_left": _stock(sku),
        "errors": _errors(outcomes, (OutOfStock, Conflict)),
    }
