"""Checkout: price the selected cart lines, place the order in one transaction, answer a repeat with its order.

The path runs one way: the cart store, then the orders repository (the key, the inputs, the transaction),
then the cart again and the after-placed hook (the unpaid timeout's schedule). A repeat is known by the client's
Idempotency-Key or, without one, by the key derived from the request and the cart's version (orders/dedup.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import redis

# The cart is Redis only: its store (behind the CartStore protocol below) is what the cart context offers to read.
from chalicelib.cart import store
from chalicelib.cart.models import CartState
from chalicelib.cart.store import CartKeys
from chalicelib.core.errors import NotFound, field_error
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings
from chalicelib.orders import dedup, timeouts
from chalicelib.orders.models import Draft, KeyAlreadyUsed, Line, PayMethod, Placed, Status
from chalicelib.orders.repository import DYNAMO_ORDERS, Orders
from chalicelib.orders.requests import CommitRequest

FREIGHT = Decimal("10.00")
# One transaction holds at most 100 items: the order, its key guard, one update per SKU and up to one per SPU.
MAX_LINES = 48
STATUS_OF_PAY_METHOD = {PayMethod.CASH: Status.UNSEND, PayMethod.ALIPAY: Status.UNPAID}

AfterPlaced = Callable[[Placed], Any]


class CartStore(Protocol):
    """The two cart-store calls checkout makes (chalicelib.cart.store is the real one)."""

    def read_cart(self, r: redis.Redis, keys: CartKeys, /) -> CartState: ...

    def remove_lines(self, r: redis.Redis, keys: CartKeys, sku_ids: list[int], /) -> None: ...


def new_order_id(user_id: int, now: datetime) -> str:
    """Local YYYYMMDDHHMMSS + 9-digit user id (the seed's format) + microseconds + 2 random digits.

    The suffix keeps one user's orders of the same second apart and in time order (the table sorts by order id);
    the put's attribute_not_exists condition catches the rest.
    """
    local = now.astimezone(ZoneInfo(get_settings().business_timezone))
    return f"{local:%Y%m%d%H%M%S}{user_id:09d}{local:%f}{secrets.randbelow(100):02d}"


def _draft(
    orders: Orders,
    user_id: int,
    address_id: int,
    pay_method: int,
    counts: dict[int, int],
    key: str | None,
    now: datetime,
    key_window: timedelta | None,
) -> Draft:
    skus, address = orders.checkout_inputs(user_id, address_id, list(counts))
    missing = [sku_id for sku_id in counts if sku_id not in skus]
    if missing:
        raise NotFound(f"sku not found: {', '.join(map(str, missing))}", sku_ids=missing)
    lines = [
        Line(i, skus[i].spu_id, skus[i].name, skus[i].default_image_url, skus[i].price, n) for i, n in counts.items()
    ]
    return Draft(
        user_id=user_id,
        order_id=new_order_id(user_id, now),
        create_time=now,
        status=STATUS_OF_PAY_METHOD[PayMethod(pay_method)],
        pay_method=pay_method,
        address=address,
        lines=lines,
        total_amount=sum((line.price * line.count for line in lines), Decimal("0")),
        freight=FREIGHT,
        key=key,
        key_window=key_window,
    )


def place_order(
    user_id: int,
    address_id: int,
    pay_method: int,
    counts: dict[int, int],
    key: str | None,
    now: datetime,
    orders: Orders = DYNAMO_ORDERS,
    key_window: timedelta | None = None,
) -> Placed:
    """One BatchGetItem, then one transaction (order + stock + sales); a key already used answers its order.

    `key_window` marks `key` as derived from the request: its guard holds that long (an Idempotency-Key's a day).
    """
    draft = _draft(orders, user_id, address_id, pay_method, counts, key, now, key_window)
    try:
        orders.place(draft, now)
    except KeyAlreadyUsed:
        # A request with the same key placed its order first (a racing twin, or a retry of a derived key).
        existing = orders.order_for_key(user_id, key) if key else None
        if existing is None:
            raise
        return Placed(user_id, existing, created=False)
    timeout = timedelta(seconds=get_settings().order_unpaid_timeout_seconds)
    return Placed(user_id, draft.order_id, True, now + timeout if draft.status == Status.UNPAID else None)


def _selected(state: CartState) -> dict[int, int]:
    return {line.sku_id: line.count for line in state.lines if line.selected}


def selected_lines(r: redis.Redis, user_id: int, cart: CartStore = store) -> dict[int, int]:
    """sku → count of the user's selected cart lines, in one round trip."""
    return _selected(cart.read_cart(r, CartKeys.for_user(user_id)))


def commit(
    r: redis.Redis,
    user_id: int,
    req: CommitRequest,
    key: str | None,
    now: datetime,
    after: AfterPlaced = timeouts.schedule_cancel,
    orders: Orders = DYNAMO_ORDERS,
    cart: CartStore = store,
) -> str:
    """Place an order from the selected cart lines and remove them from the cart; returns the order id.

    Without `key` (the Idempotency-Key), a repeat of the same request against the same cart state, within the dedup
    window, answers the same order (orders/dedup.py): 1 BatchGetItem + 1 TransactWriteItems either way, and a GetItem
    more only when a repeat is answered.
    """
    state = cart.read_cart(r, CartKeys.for_user(user_id))
    counts = _selected(state)
    # The key is checked after the cart is read: a twin request that won meanwhile has written its guard before
    # clearing the cart, so an empty cart here never hides the order this key already placed.
    if key is not None and (existing := orders.order_for_key(user_id, key)) is not None:
        return existing
    span = dedup.window() if key is None else None
    # The version read with the lines: checkout's own clearing leaves it, so a retry derives this same key whether or
    # not the first request got as far as clearing the cart, and a cart filled again derives another.
    derived = dedup.derived_key(state.version, req.address_id, req.pay_method) if span is not None else None
    if not counts:
        return _repeat_of_cleared(orders, user_id, derived, now)
    if len(counts) > MAX_LINES:
        raise field_error("cart", f"at most {MAX_LINES} different items per order")
    placed = place_order(user_id, req.address_id, req.pay_method, counts, key or derived, now, orders, span)
    # A derived key's repeat finishes what the first request may not have: the ordered lines leave the cart.
    if placed.created or span is not None:
        _clear(r, user_id, list(counts), placed.order_id, cart)
    if placed.created:
        after(placed)
    return placed.order_id


def _repeat_of_cleared(orders: Orders, user_id: int, derived: str | None, now: datetime) -> str:
    """The order a keyless repeat placed from this cart state before it was cleared; else the cart is empty (400).

    The guard read is the whole check: a cancel deletes it, and past the window it no longer answers.
    """
    if derived is not None and (existing := orders.order_for_derived_key(user_id, derived, now)) is not None:
        return existing
    raise field_error("cart", "no selected items to order")


def _clear(r: redis.Redis, user_id: int, sku_ids: list[int], order_id: str, cart: CartStore) -> None:
    try:
        cart.remove_lines(r, CartKeys.for_user(user_id), sku_ids)
    except redis.RedisError:  # the order is committed: answer it rather than invite a retry that orders twice
        logger.warning("ordered lines not removed from the cart", extra={"order_id": order_id})
