"""Requests per operation for the shop (visit, cart, checkout, flash-sale admission), beside the seeds' ways."""

from __future__ import annotations

from typing import Any

from bench import baselines
from bench.measure import Api, Cost, measure
from chalicelib.catalogue.visits import business_day
from chalicelib.core.clients import get_redis
from chalicelib.core.settings import get_settings
from chalicelib.seckill import service as seckill
from devstack.catalogue_factories import make_category, stocked_skus
from devstack.drain import drain
from devstack.factories import fill_cart, make_user

CHECKOUT_LINES = (1, 5, 20)


def row(operation: str, project: Cost, baseline: Cost | None = None, note: str = "") -> dict[str, Any]:
    """One line of the requests table."""
    return {
        "operation": operation,
        "project": project.as_dict(),
        "baseline": baseline.as_dict() if baseline is not None else None,
        "note": note,
    }


def run(api: Api) -> list[dict[str, Any]]:
    """Measure each operation once on fresh data (caches warmed first, so the figures are deterministic)."""
    r = get_redis()
    category = make_category()
    skus = stocked_skus(category, max(CHECKOUT_LINES), 1_000)
    shopper, buyer = make_user(), make_user(with_address=True)
    rows = []

    api.ok("POST", f"/detail/visit/{category}/")  # the first visit after a catalogue write refills the tree cache
    day = business_day(get_settings().business_timezone).isoformat()
    seed_visit, _ = measure(lambda: baselines.visit_read_modify_write(category, day))
    project_visit = api.measured("POST", f"/detail/visit/{category}/")
    rows.append(row("visit", project_visit, seed_visit, "seed 000: read the day's record, count += 1, save"))

    add = api.measured("POST", "/carts/", {"sku_id": skus[0], "count": 1}, shopper.token)
    rows.append(row("cart add", add))
    fill_cart(shopper.id, dict.fromkeys(skus[:5], 2))
    rows.append(row("cart get (5 lines)", api.measured("GET", "/carts/", token=shopper.token)))

    order = {"address_id": buyer.address_id, "pay_method": 1}
    for lines in CHECKOUT_LINES:
        fill_cart(buyer.id, dict.fromkeys(skus[:lines], 1))
        project = api.measured("POST", "/orders/commit/", order, buyer.token)
        fill_cart(buyer.id, dict.fromkeys(skus[:lines], 1))
        seed, outcome = measure(lambda: baselines.checkout_optimistic(r, buyer.id, buyer.address_id))
        assert outcome.order_id is not None, "the seed checkout was refused"
        note = "seed 001: per SKU read + update on the read stock (retry), SPU sales, order put"
        rows.append(row(f"checkout, {lines} line{'s' if lines > 1 else ''}", project, seed, note))

    (sale_sku,) = stocked_skus(category, 1, 10)
    seckill.open_sale(r, sale_sku, 10)
    admission = api.measured("POST", "/user/sckill/", {"sku_id": sale_sku}, buyer.token)
    rows.append(row("flash-sale admission", admission, note="then one SQS message; the consumer places the order"))
    drain("seckill-orders", "seckill_orders_consumer")
    return rows
