"""Checkout without an Idempotency-Key on in-memory fakes: the same request within the window is the same order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.cart.store import CartKeys
from chalicelib.core.errors import InvalidInput
from chalicelib.core.settings import get_settings
from chalicelib.orders import checkout, dedup, service
from chalicelib.orders.models import CommitRequest, Draft, Placed
from tests.unit.orders_fakes import NO_REDIS, FakeCart, FakeOrders

NOW = datetime(2026, 3, 1, 4, 5, 6, tzinfo=UTC)
USER, ADDRESS_ID, OTHER_ADDRESS = 7, 31, 32


class Killed(Exception):
    """The process dies after the transaction committed, before the cart is cleared: the answer is lost."""


class CrashingCart(FakeCart):
    """A cart store whose first removal never happens, because the request was killed there."""

    crashes: int = 1

    def remove_lines(self, r, keys: CartKeys, sku_ids: list[int]) -> None:
        if self.crashes:
            self.crashes -= 1
            raise Killed()
        super().remove_lines(r, keys, sku_ids)


@pytest.fixture
def shop() -> FakeOrders:
    orders = FakeOrders()
    orders.add_address(USER, ADDRESS_ID)
    orders.add_address(USER, OTHER_ADDRESS)
    orders.add_sku(1, stock=10)
    orders.add_sku(2, stock=10)
    return orders


def _commit(shop, cart, at=NOW, address_id=ADDRESS_ID, pay_method=2, key=None, placed=None) -> str:
    req = CommitRequest(address_id=address_id, pay_method=pay_method)
    after = placed.append if placed is not None else (lambda _: None)
    # A microsecond per order already placed: one user's orders of one instant differ only in two random digits.
    now = at + timedelta(microseconds=len(shop.orders))
    return checkout.commit(NO_REDIS, USER, req, key, now, after, orders=shop, cart=cart)


def test_a_retry_after_a_lost_answer_with_the_cart_still_full_answers_the_same_order(shop):
    # Given a checkout that committed and was killed before it cleared the cart
    cart = CrashingCart()
    cart.fill(USER, {1: 2, 2: 1})
    with pytest.raises(Killed):
        _commit(shop, cart)
    (first,) = [order_id for _, order_id in shop.orders]
    shop.calls.clear()

    # When the client sends the same request again, a few seconds later, without a key
    placed: list[Placed] = []
    again = _commit(shop, cart, at=NOW + timedelta(seconds=5), placed=placed)

    # Then it is answered the first order: stock moved once, the guard refused the second, and the cart is cleared
    assert again == first and len(shop.orders) == 1
    assert (shop.stock[1], shop.stock[2], shop.sales[1]) == (8, 9, 2)
    assert shop.calls == ["checkout_inputs", "place", "order_for_key"]
    assert cart.lines(USER) == {} and placed == []


def test_a_retry_after_the_cart_was_cleared_answers_the_order_just_placed(shop):
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    first = _commit(shop, cart)
    shop.calls.clear()
    assert _commit(shop, cart, at=NOW + timedelta(seconds=30)) == first
    assert shop.calls == ["latest"] and len(shop.orders) == 1 and shop.stock[1] == 8


def test_the_normal_path_makes_no_request_more_than_with_a_key_read(shop):
    cart = FakeCart()
    cart.fill(USER, {1: 1})
    _commit(shop, cart)
    assert shop.calls == ["checkout_inputs", "place"]
    assert cart.round_trips == ["read_lines", "remove_lines"]


@pytest.mark.parametrize(
    "change",
    [
        {"counts": {1: 3}},
        {"counts": {1: 2, 2: 1}},
        {"address_id": OTHER_ADDRESS},
        {"pay_method": 1},
        {"at": NOW + timedelta(seconds=601)},
        {"key": "a-new-purchase"},
    ],
    ids=["count", "lines", "address", "pay-method", "after-the-window", "idempotency-key"],
)
def test_anything_different_places_a_new_order(shop, change):
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    first = _commit(shop, cart)
    cart.fill(USER, change.pop("counts", {1: 2}))
    second = _commit(shop, cart, **change)
    assert second != first and len(shop.orders) == 2


def test_the_same_purchase_again_within_the_window_is_the_first_order(shop):
    # The documented limit: buying the very same lines again at once needs a change, a wait or a key.
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    first = _commit(shop, cart)
    cart.fill(USER, {1: 2})
    assert _commit(shop, cart, at=NOW + timedelta(seconds=599)) == first
    assert len(shop.orders) == 1 and shop.stock[1] == 8 and cart.lines(USER) == {}


def test_cancelling_the_order_frees_its_request_to_order_again(shop):
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    first = _commit(shop, cart)
    service.cancel(USER, first, lambda _: None, shop)
    assert USER not in {user for user, _ in shop.keys}
    with pytest.raises(InvalidInput):  # the cancelled order is not what an empty cart repeats
        _commit(shop, cart)
    cart.fill(USER, {1: 2})
    second = _commit(shop, cart, at=NOW + timedelta(seconds=1))
    assert second != first and shop.stock[1] == 8


def test_an_empty_cart_does_not_repeat_an_order_placed_otherwise(shop):
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    _commit(shop, cart, key="client-key")  # a client's key: no derived key to repeat
    with pytest.raises(InvalidInput):
        _commit(shop, cart)
    cart.fill(USER, {1: 2})
    _commit(shop, cart, at=NOW + timedelta(seconds=1))
    for change in ({"address_id": OTHER_ADDRESS}, {"pay_method": 1}, {"at": NOW + timedelta(seconds=700)}):
        with pytest.raises(InvalidInput):
            _commit(shop, cart, **change)
    assert len(shop.orders) == 2


def test_turned_off_every_request_is_a_new_order(shop, monkeypatch):
    monkeypatch.setattr(get_settings(), "checkout_dedup_seconds", 0)
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    first = _commit(shop, cart)
    cart.fill(USER, {1: 2})
    assert _commit(shop, cart) != first and shop.orders[(USER, first)].dedup_key is None


class RacingTwin(FakeOrders):
    """A twin of the same keyless request commits between this request's cart read and its transaction."""

    twin: str | None = None

    def place(self, draft: Draft, now: datetime) -> None:
        if self.twin is None:
            self.twin = draft.order_id[:-2] + "99"
            super().place(replace(draft, order_id=self.twin), now)
            self.calls.pop()
        super().place(draft, now)


def test_a_keyless_twin_that_won_the_race_is_answered_and_stock_moves_once():
    shop = RacingTwin()
    shop.add_address(USER, ADDRESS_ID)
    shop.add_sku(1, stock=10)
    cart = FakeCart()
    cart.fill(USER, {1: 3})
    assert _commit(shop, cart) == shop.twin and len(shop.orders) == 1 and shop.stock[1] == 7


def test_the_derived_key_names_the_request_not_the_order_of_its_lines():
    assert dedup.derived_key(31, 2, {1: 2, 5: 1}) == dedup.derived_key(31, 2, {5: 1, 1: 2})
    keys = {dedup.derived_key(31, 2, {1: 2}), dedup.derived_key(31, 2, {1: 3}), dedup.derived_key(31, 1, {1: 2})}
    assert len(keys | {dedup.derived_key(32, 2, {1: 2}), dedup.derived_key(31, 2, {12: 2})}) == 5
    assert dedup.derived_key(31, 2, {1: 2}).startswith("auto:")  # never an Idempotency-Key's value
