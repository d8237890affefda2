"""Cancel, pay and the unpaid timeout on in-memory fakes: stock comes back once, and only from allowed statuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

import pytest

from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.settings import get_settings
from chalicelib.orders import checkout, service, timeouts
from chalicelib.orders.models import Status
from chalicelib.orders.requests import CommitRequest, OrdersQuery
from tests.unit.orders_fakes import NO_REDIS, FakeCart, FakeOrders

NOW = datetime(2026, 3, 1, 4, 5, 6, tzinfo=UTC)
USER, ADDRESS_ID, SKU = 7, 31, 501


@pytest.fixture
def shop() -> FakeOrders:
    orders = FakeOrders()
    orders.add_address(USER, ADDRESS_ID)
    orders.add_sku(SKU, stock=10)
    return orders


def _order(shop: FakeOrders, pay_method: Literal[1, 2] = 2, count: int = 4, at: datetime = NOW) -> str:
    cart = FakeCart()
    cart.fill(USER, {SKU: count})
    req = CommitRequest(address_id=ADDRESS_ID, pay_method=pay_method)
    # A microsecond per order already placed: one user's orders of one instant differ only in two random digits.
    now = at + timedelta(microseconds=len(shop.orders))
    # Each call is a new purchase, so it says so with its own key (the same request without one repeats the first).
    key = f"order-{len(shop.orders)}"
    return checkout.commit(NO_REDIS, USER, req, key, now, lambda _: None, orders=shop, cart=cart)


def test_cancel_gives_stock_back_once_and_only_from_unpaid_or_unsend(shop):
    unpaid, cash = _order(shop), _order(shop, pay_method=1, count=1)
    dropped: list[str] = []
    assert shop.stock[SKU] == 5
    assert service.cancel(USER, unpaid, dropped.append, shop) == {"order_id": unpaid, "status": 6}
    assert shop.stock[SKU] == 9 and shop.sales[SKU] == 1 and dropped == [unpaid]
    with pytest.raises(Conflict):
        service.cancel(USER, unpaid, dropped.append, shop)
    assert shop.stock[SKU] == 9
    assert service.cancel(USER, cash, dropped.append, shop)["status"] == 6  # UNSEND: no schedule to drop
    assert shop.stock[SKU] == 10 and shop.sales[SKU] == 0 and dropped == [unpaid]


def test_pay_moves_unpaid_to_unsend_once_and_refuses_anything_else(shop):
    order_id, dropped = _order(shop), list[str]()
    assert service.pay(USER, order_id, dropped.append, shop) == {"order_id": order_id, "status": 2}
    assert shop.orders[(USER, order_id)].status == Status.UNSEND and dropped == [order_id]
    with pytest.raises(Conflict):
        service.pay(USER, order_id, dropped.append, shop)
    with pytest.raises(NotFound):
        service.pay(USER, "2026010100000000000000100000000", dropped.append, shop)
    assert not timeouts.cancel_unpaid(USER, order_id, shop)  # a timeout after payment changes nothing
    assert shop.stock[SKU] == 6 and dropped == [order_id]


def test_the_timeout_cancels_an_unpaid_order_once_however_often_it_fires(shop):
    order_id = _order(shop)
    assert [timeouts.cancel_unpaid(USER, order_id, shop) for _ in range(3)] == [True, False, False]
    assert shop.orders[(USER, order_id)].status == Status.CANCELED and shop.stock[SKU] == 10
    assert not timeouts.cancel_unpaid(USER, "2026010100000000000000100000000", shop)


def test_the_sweeper_cancels_only_unpaid_orders_past_the_timeout(shop):
    # Given an unpaid, a paid and a cash order
    unpaid, paid, cash = _order(shop, count=2), _order(shop, count=2), _order(shop, pay_method=1, count=1)
    service.pay(USER, paid, lambda _: None, shop)

    # When the sweeper runs before the timeout nothing happens; after it, only the unpaid order is cancelled
    assert timeouts.sweep(NOW, shop) == 0
    assert timeouts.sweep(NOW + timedelta(seconds=1801), shop) == 1
    assert [shop.orders[(USER, o)].status for o in (unpaid, paid, cash)] == [6, 2, 2]
    assert shop.stock[SKU] == 7 and timeouts.sweep(NOW + timedelta(seconds=1801), shop) == 0


def test_orders_page_newest_first_and_detail_shows_the_contract_shape(shop):
    first, second, third = (_order(shop, count=1, at=NOW + timedelta(seconds=s)) for s in range(3))
    page = service.page(USER, OrdersQuery(page=1, page_size=2), shop)
    assert page["count"] == 3 and [o["order_id"] for o in page["results"]] == [third, second]
    assert page["next"].endswith("/orders/?page=2&page_size=2") and page["previous"] is None
    with pytest.raises(NotFound):
        service.page(USER, OrdersQuery(page=3, page_size=2), shop)
    detail = service.detail(USER, first, shop)
    assert (detail["status"], detail["total_amount"], detail["freight"], detail["payment_amount"]) == (
        1,
        "10.00",
        "10.00",
        "20.00",
    )
    assert detail["create_time"] == "2026-03-01T12:05:06+08:00" and detail["address"]["tel"] == ""
    assert detail["skus"] == [
        {"sku_id": SKU, "name": f"sku {SKU}", "default_image_url": f"{get_settings().media_base()}/img/{SKU}.jpg"}
        | {"price": "10.00", "count": 1, "amount": "10.00"}
    ]
