"""Checkout on in-memory fakes: all or nothing, never below zero, one order per key, the request shape kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.core.errors import InvalidInput, NotFound, OutOfStock
from chalicelib.orders import checkout
from chalicelib.orders.models import Draft, KeyAlreadyUsed, Placed, Status
from chalicelib.orders.requests import CommitRequest
from tests.unit.orders_fakes import NO_REDIS, FakeCart, FakeOrders

NOW = datetime(2026, 3, 1, 4, 5, 6, 789000, tzinfo=UTC)
USER, OTHER, ADDRESS_ID = 7, 8, 31


@pytest.fixture
def shop() -> FakeOrders:
    orders = FakeOrders()
    orders.add_address(USER, ADDRESS_ID)
    orders.add_address(OTHER, ADDRESS_ID)
    return orders


@pytest.fixture
def cart() -> FakeCart:
    return FakeCart()


def _commit(shop, cart, user_id=USER, key=None, pay_method=2, placed=None) -> str:
    req = CommitRequest(address_id=ADDRESS_ID, pay_method=pay_method)
    after = placed.append if placed is not None else (lambda _: None)
    # A microsecond per order already placed: one user's orders of one instant differ only in two random digits.
    now = NOW + timedelta(microseconds=len(shop.orders))
    return checkout.commit(NO_REDIS, user_id, req, key, now, after, orders=shop, cart=cart)


def test_checkout_places_the_order_moves_stock_and_sales_and_clears_only_the_ordered_lines(shop, cart):
    # Given two SKUs of one SPU selected in the cart, and an unselected third line
    a, b = shop.add_sku(101, stock=5, price="10.50"), shop.add_sku(102, stock=5, price="3.00")
    c = shop.add_sku(103, stock=5, spu_id=2)
    cart.fill(USER, {a: 2, b: 3})
    cart.fill(USER, {c: 1}, selected=False)
    placed: list[Placed] = []

    # When the user commits with Alipay
    order_id = _commit(shop, cart, placed=placed)

    # Then the order is UNPAID with the lines' totals, stock and sales moved, and only the ordered lines left the cart
    order = shop.orders[(USER, order_id)]
    assert (order.status, order.total_count, order.total_amount, order.freight) == (Status.UNPAID, 5, 30, 10)
    assert [(line.sku_id, line.price, line.count) for line in order.lines] == [(a, Decimal("10.50"), 2), (b, 3, 3)]
    assert order.address["address_id"] == ADDRESS_ID and order.address["district"] == "天河区"
    assert (shop.stock, shop.sales[a], shop.sales[b], shop.spu_sales[1]) == ({a: 3, b: 2, c: 5}, 2, 3, 5)
    assert cart.lines(USER) == {c: 1}
    assert order_id[:14] == "20260301120506" and order_id[14:23] == f"{USER:09d}"
    # And the unpaid timeout hook heard of it once, with the deadline
    assert placed == [Placed(USER, order_id, True, NOW + timedelta(seconds=1800))]


def test_checkout_reads_once_writes_once_and_makes_two_cart_round_trips(shop, cart):
    cart.fill(USER, {shop.add_sku(i, stock=5): 1 for i in range(1, 21)})
    _commit(shop, cart)
    assert shop.calls == ["checkout_inputs", "place"]
    assert cart.round_trips == ["read_cart", "remove_lines"]
    cart.fill(USER, {1: 1})
    shop.calls.clear()
    _commit(shop, cart, key="budget-1")
    assert shop.calls == ["order_for_key", "checkout_inputs", "place"]  # the key is read once


def test_cash_on_delivery_is_unsend_with_no_deadline(shop, cart):
    cart.fill(USER, {shop.add_sku(1, stock=3): 1})
    placed: list[Placed] = []
    order_id = _commit(shop, cart, pay_method=1, placed=placed)
    assert shop.orders[(USER, order_id)].status == Status.UNSEND
    assert placed == [Placed(USER, order_id, True, None)]


def test_checkout_leaves_everything_untouched_when_one_line_is_short(shop, cart):
    # Given a cart whose second line asks for more than the stock
    ok_sku, short_sku = shop.add_sku(1, stock=5), shop.add_sku(2, stock=1)
    cart.fill(USER, {ok_sku: 2, short_sku: 2})
    placed: list[Placed] = []

    # When the user commits
    with pytest.raises(OutOfStock) as refused:
        _commit(shop, cart, placed=placed)

    # Then the refusal names the short SKU, and no order, stock, sales or cart changed
    assert refused.value.extra["sku_ids"] == [short_sku] and str(short_sku) in refused.value.message
    assert shop.stock == {ok_sku: 5, short_sku: 1} and not any(shop.sales.values()) and not any(shop.spu_sales.values())
    assert shop.orders == {} and placed == []
    assert cart.lines(USER) == {ok_sku: 2, short_sku: 2} and cart.round_trips == ["read_cart"]


def test_stock_never_goes_below_zero_and_the_last_unit_can_be_bought(shop, cart):
    # Given three units and four buyers of one unit each (plus one asking for two, then one)
    sku = shop.add_sku(1, stock=3)
    buyers = list(range(100, 104))
    for buyer in buyers:
        shop.add_address(buyer, ADDRESS_ID)
        cart.fill(buyer, {sku: 1})

    # When they check out one after another
    outcomes = []
    for buyer in buyers:
        try:
            outcomes.append(_commit(shop, cart, user_id=buyer))
        except OutOfStock as exc:
            outcomes.append(exc.extra["sku_ids"])

    # Then three orders were placed, the fourth heard which SKU ran out, and the stock is exactly spent
    assert sum(isinstance(o, str) for o in outcomes) == 3 and outcomes[-1] == [sku]
    assert shop.stock[sku] == 0 and shop.sales[sku] == 3 and len(shop.orders) == 3
    assert cart.lines(buyers[-1]) == {sku: 1}


def test_the_same_key_answers_the_same_order_and_takes_stock_once(shop, cart):
    sku = shop.add_sku(1, stock=10)
    cart.fill(USER, {sku: 2})
    first = _commit(shop, cart, key="order-abc_1")
    shop.calls.clear()
    again = _commit(shop, cart, key="order-abc_1")  # the ordered lines have left the cart: still the order
    assert shop.calls == ["order_for_key"]
    cart.fill(USER, {sku: 2})  # and with the cart refilled, the key still answers the first order
    second = _commit(shop, cart, key="order-abc_1")
    assert first == again == second
    assert shop.stock[sku] == 8 and len(shop.orders) == 1 and cart.lines(USER) == {sku: 2}


def test_one_key_is_one_order_per_user_not_across_users(shop, cart):
    sku = shop.add_sku(1, stock=10)
    cart.fill(USER, {sku: 1})
    cart.fill(OTHER, {sku: 1})
    assert _commit(shop, cart, key="k") != _commit(shop, cart, user_id=OTHER, key="k")
    assert shop.stock[sku] == 8 and len(shop.orders) == 2


class RacingTwin(FakeOrders):
    """A twin request with the same key commits between this request's key read and its transaction."""

    twin: str | None = None

    def place(self, draft: Draft, now: datetime) -> None:
        if self.twin is None and draft.key is not None:
            self.twin = draft.order_id[:-2] + "99"
            super().place(draft._replace(order_id=self.twin), now)
            self.calls.pop()
        super().place(draft, now)


def test_a_twin_that_won_the_race_is_answered_and_stock_moves_once(cart):
    # Given a key whose twin request commits after this request read the key and before its transaction
    shop = RacingTwin()
    shop.add_address(USER, ADDRESS_ID)
    sku = shop.add_sku(1, stock=10)
    cart.fill(USER, {sku: 3})
    placed: list[Placed] = []

    # When this request commits
    answer = _commit(shop, cart, key="same-key", placed=placed)

    # Then the guard refused the second order, the key was read again, and the twin's order is the answer
    assert answer == shop.twin and list(shop.orders) == [(USER, shop.twin)]
    assert shop.stock[sku] == 7 and shop.sales[sku] == 3
    assert shop.calls == ["order_for_key", "checkout_inputs", "place", "order_for_key"]
    assert placed == [] and cart.round_trips == ["read_cart"]  # the twin clears the cart and schedules the timeout


class ExpiredAnswer(FakeOrders):
    """The key's guard still refuses a second order, but the order it named can no longer be read back."""

    def order_for_key(self, user_id: int, key: str) -> str | None:
        super().order_for_key(user_id, key)
        return None


def test_a_used_key_whose_order_cannot_be_read_back_is_refused_not_ordered_twice(cart):
    shop = ExpiredAnswer()
    shop.add_address(USER, ADDRESS_ID)
    sku = shop.add_sku(1, stock=10)
    shop.keys[(USER, "k")] = "2026030112050600000000778900001"
    cart.fill(USER, {sku: 1})
    with pytest.raises(KeyAlreadyUsed):
        _commit(shop, cart, key="k")
    assert shop.orders == {} and shop.stock[sku] == 10 and cart.lines(USER) == {sku: 1}


def test_bad_selection_and_address_are_refused_and_nothing_moves(shop, cart):
    sku = shop.add_sku(1, stock=100)
    with pytest.raises(InvalidInput):  # nothing selected, and no order just placed that this would repeat
        _commit(shop, cart)
    assert shop.calls == ["order_for_derived_key"]
    cart.fill(USER, {10**9 + i: 1 for i in range(checkout.MAX_LINES + 1)})
    with pytest.raises(InvalidInput) as too_many:
        _commit(shop, cart)
    assert "at most 48" in too_many.value.extra["errors"][0]["message"]
    assert shop.calls == ["order_for_derived_key"]  # refused before any read
    cart.carts.clear()
    cart.fill(USER, {sku: 1, 999: 2})
    with pytest.raises(NotFound) as unknown:
        _commit(shop, cart)
    assert unknown.value.extra["sku_ids"] == [999]
    shop.addresses.clear()
    with pytest.raises(NotFound, match="address"):
        _commit(shop, cart)
    assert shop.stock[sku] == 100 and shop.orders == {} and cart.lines(USER) == {sku: 1, 999: 2}
