"""Checkout: price the lines, place the order in one transaction, honour the Idempotency-Key, clear the cart."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import redis

from chalicelib.cart import store
from chalicelib.cart.store import CartKeys
from chalicelib.core.errors import NotFound, OutOfStock, field_error
from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings
from chalicelib.orders import ledger, repository
from chalicelib.orders.ledger import UNPAID, UNSEND, Draft, KeyAlreadyUsed, Line
from chalicelib.orders.models import CommitRequest

FREIGHT = Decimal("10.00")
# One transaction holds at most 100 items: the order, its key guard, one update per SKU and up to one per SPU.
MAX_LINES = 48
STATUS_OF_PAY_METHOD = {1: UNSEND, 2: UNPAID}  # cash on delivery waits for shipping; Alipay waits for payment
_ADDRESS_FIELDS = ("receiver", "province", "city", "district", "place", "mobile", "tel", "email")


@dataclass(frozen=True)
class Placed:
    """The outcome of placing: `created` is False when an earlier request with the same key placed it."""

    user_id: int
    order_id: str
    created: bool
    unpaid_until: datetime | None = None  # when an UNPAID order is due to be cancelled


AfterPlaced = Callable[[Placed], Any]


def new_order_id(user_id: int, now: datetime) -> str:
    """Local YYYYMMDDHHMMSS + 9-digit user id (the seed's format) + microseconds + 2 random digits.

    The suffix keeps one user's orders of the same second apart and in time order (the table sorts by order id);
    the put's attribute_not_exists condition catches the rest.
    """
    local = now.astimezone(ZoneInfo(get_settings().business_timezone))
    return f"{local:%Y%m%d%H%M%S}{user_id:09d}{local:%f}{secrets.randbelow(100):02d}"


def _draft(
    user_id: int, address_id: int, pay_method: int, counts: dict[int, int], key: str | None, now: datetime
) -> Draft:
    skus, address = repository.checkout_inputs(user_id, address_id, list(counts))
    missing = [sku_id for sku_id in counts if sku_id not in skus]
    if missing:
        raise NotFound(f"sku not found: {', '.join(map(str, missing))}", sku_ids=missing)
    lines = [
        Line(i, int(skus[i].spu_id), skus[i].name, skus[i].default_image_url or "", skus[i].price, count)
        for i, count in counts.items()
    ]
    snapshot = {name: getattr(address, name) for name in _ADDRESS_FIELDS}
    total = sum((line.price * line.count for line in lines), Decimal("0"))
    return Draft(
        user_id=user_id,
        order_id=new_order_id(user_id, now),
        create_time=now,
        status=STATUS_OF_PAY_METHOD[pay_method],
        pay_method=pay_method,
        address={"address_id": address_id, **snapshot},
        lines=lines,
        total_amount=total,
        freight=FREIGHT,
        key=key,
    )


def place_order(
    user_id: int, address_id: int, pay_method: int, counts: dict[int, int], key: str | None, now: datetime
) -> Placed:
    """One BatchGetItem, then one transaction (order + stock + sales); a key already used answers its order."""
    draft = _draft(user_id, address_id, pay_method, counts, key, now)
    try:
        ledger.place(draft, now)
    except (KeyAlreadyUsed, OutOfStock):
        # A racing request with the same key won: answer its order (also when our stock check failed too).
        existing = repository.order_for_key(user_id, key) if key else None
        if existing is None:
            raise
        return Placed(user_id, existing, created=False)
    timeout = timedelta(seconds=get_settings().order_unpaid_timeout_seconds)
    return Placed(user_id, draft.order_id, True, now + timeout if draft.status == UNPAID else None)


def selected_lines(r: redis.Redis, user_id: int) -> dict[int, int]:
    """sku → count of the user's selected cart lines, in one round trip."""
    return {line.sku_id: line.count for line in store.read_lines(r, CartKeys.for_user(user_id)) if line.selected}


def commit(r: redis.Redis, user_id: int, req: CommitRequest, key: str | None, now: datetime, after: AfterPlaced) -> str:
    """Place an order from the selected cart lines and remove them from the cart; returns the order id."""
    counts = selected_lines(r, user_id)
    # The key is checked after the cart is read: a twin request that won meanwhile has written its guard before
    # clearing the cart, so an empty cart here never hides the order this key already placed.
    if key is not None and (existing := repository.order_for_key(user_id, key)) is not None:
        return existing
    if not counts:
        raise field_error("cart", "no selected items to order")
    if len(counts) > MAX_LINES:
        raise field_error("cart", f"at most {MAX_LINES} different items per order")
    placed = place_order(user_id, req.address_id, req.pay_method, counts, key, now)
    if placed.created:
        try:
            store.remove_lines(r, CartKeys.for_user(user_id), list(counts))
        except redis.RedisError:  # the order is committed: answer it rather than invite a retry that orders twice
            logger.warning("ordered lines not removed from the cart", extra={"order_id": placed.order_id})
        after(placed)
    return placed.order_id
