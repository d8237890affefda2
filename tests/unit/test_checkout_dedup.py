"""Checkout without an Idempotency-Key on in-memory fakes: the same request against the same cart state is one order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.cart.store import CartKeys
from chalicelib.core.errors import InvalidInput
from chalicelib.core.settings import get_settings
from chalicelib.orders import checkout, dedup, service
from chalicelib.orders.models import Draft, Placed, Status
from chalicelib.orders.requests import CommitRequest
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


def _killed_after_commit(shop: FakeOrders, counts: dict[int, int]) -> tuple[CrashingCart, str]:
    """A keyless checkout that committed and was killed before clearing the cart: the cart and the order id."""
    cart = CrashingCart()
    cart.fill(USER, counts)
    with pytest.raises(Killed):
        _commit(shop, cart)
    ((_, order_id),) = list(shop.orders)
    return cart, order_id


def test_a_retry_after_a_lost_answer_with_the_cart_still_full_answers_the_same_order(shop):
    # Given a checkout that committed and was killed before it cleared the cart
    cart, first = _killed_after_commit(shop, {1: 2, 2: 1})
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
    # Given a keyless checkout that succeeded and cleared its lines, whose answer never reached the client
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    first = _commit(shop, cart)
    shop.calls.clear()

    # When the same request comes again: its lines are gone, the cart's version is the one the order came from
    again = _commit(shop, cart, at=NOW + timedelta(seconds=30))

    # Then the guard of that version's key answers the order: one read, nothing placed, stock moved once
    assert again == first and shop.calls == ["order_for_derived_key"]
    assert len(shop.orders) == 1 and shop.stock[1] == 8


def test_the_normal_path_makes_no_request_more_than_with_a_key_read(shop):
    cart = FakeCart()
    cart.fill(USER, {1: 1})
    _commit(shop, cart)
    assert shop.calls == ["checkout_inputs", "place"]
    assert cart.round_trips == ["read_cart", "remove_lines"]


def test_buying_the_same_again_after_filling_the_cart_again_is_a_new_order_at_once(shop):
    # Given an order of 2 x SKU 1, its lines cleared from the cart
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    first = _commit(shop, cart)

    # When the user puts the very same line in the cart again and commits the same body a second later
    cart.fill(USER, {1: 2})
    second = _commit(shop, cart, at=NOW + timedelta(seconds=1))

    # Then the cart's new version makes it a new purchase: a second order, stock taken twice, the cart cleared
    assert second != first and len(shop.orders) == 2
    assert shop.stock[1] == 6 and cart.lines(USER) == {}
    # And a lost-answer retry of that second request answers the second order
    assert _commit(shop, cart, at=NOW + timedelta(seconds=2)) == second and len(shop.orders) == 2


@pytest.mark.parametrize(
    "change",
    [
        {"address_id": OTHER_ADDRESS},
        {"pay_method": 1},
        {"at": NOW + timedelta(seconds=601)},
        {"key": "a-new-purchase"},
    ],
    ids=["address", "pay-method", "after-the-window", "idempotency-key"],
)
def test_another_request_against_the_same_cart_state_places_a_new_order(shop, change):
    # Given an order placed whose lines are still in the cart (the request died before clearing them)
    cart, first = _killed_after_commit(shop, {1: 2})

    # When a request that is not the same one comes against that same cart state
    second = _commit(shop, cart, **change)

    # Then it is a new order
    assert second != first and len(shop.orders) == 2


def test_a_cancelled_order_is_never_the_answer_of_a_retry_once_the_cart_was_cleared(shop):
    # Given a keyless order, cleared from the cart, and then cancelled
    cart = FakeCart()
    cart.fill(USER, {1: 2})
    first = _commit(shop, cart)
    service.cancel(USER, first, lambda _: None, shop)
    assert USER not in {user for user, _ in shop.keys}  # the cancel deleted the guard

    # When the same request is retried: the cart is empty and the only order of its key is cancelled
    with pytest.raises(InvalidInput) as empty:
        _commit(shop, cart, at=NOW + timedelta(seconds=5))

    # Then it is the "cart empty" answer, never the cancelled order, and nothing moved
    assert empty.value.extra["errors"][0]["field"] == "cart"
    assert len(shop.orders) == 1 and shop.stock[1] == 10


def test_a_retry_of_a_cancelled_order_with_its_lines_still_in_the_cart_places_a_new_order(shop):
    # Given an order whose lines stayed in the cart (the request died before clearing), cancelled since
    cart, first = _killed_after_commit(shop, {1: 2})
    service.cancel(USER, first, lambda _: None, shop)

    # When the same request comes again against that same cart
    second = _commit(shop, cart, at=NOW + timedelta(seconds=5))

    # Then the cancelled order is not the answer: the lines the cart still shows are ordered anew
    assert second != first and shop.orders[(USER, second)].status != Status.CANCELED
    assert shop.stock[1] == 8 and cart.lines(USER) == {}


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
    cart, first = _killed_after_commit(shop, {1: 2})
    assert _commit(shop, cart) != first and shop.orders[(USER, first)].dedup_key is None


class RacingTwin(FakeOrders):
    """A twin of the same keyless request commits between this request's cart read and its transaction."""

    twin: str | None = None

    def place(self, draft: Draft, now: datetime) -> None:
        if self.twin is None:
            self.twin = draft.order_id[:-2] + "99"
            super().place(draft._replace(order_id=self.twin), now)
            self.calls.pop()
        super().place(draft, now)


def test_a_keyless_twin_that_won_the_race_is_answered_and_stock_moves_once():
    shop = RacingTwin()
    shop.add_address(USER, ADDRESS_ID)
    shop.add_sku(1, stock=10)
    cart = FakeCart()
    cart.fill(USER, {1: 3})
    assert _commit(shop, cart) == shop.twin and len(shop.orders) == 1 and shop.stock[1] == 7


def test_the_derived_key_names_the_cart_version_and_the_request():
    assert dedup.derived_key("v1", 31, 2) == dedup.derived_key("v1", 31, 2)
    keys = {dedup.derived_key(v, a, p) for v, a, p in [("v1", 31, 2), ("v2", 31, 2), ("v1", 32, 2), ("v1", 31, 1)]}
    assert len(keys | {dedup.derived_key(None, 31, 2)}) == 5
    assert dedup.derived_key(None, 31, 2).startswith("auto:")  # never an Idempotency-Key's value
