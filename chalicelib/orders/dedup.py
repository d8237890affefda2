"""Checkout without an Idempotency-Key is still safe to retry: the request itself names its order for a while.

A key is derived from what the order is (address, pay method, the selected lines and their counts) and guarded in
checkout's transaction like an Idempotency-Key, for CHECKOUT_DEDUP_SECONDS from the order it names (10 minutes by
default, as DynamoDB's own ClientRequestToken). So, for the same user within that window:

- a retry whose answer was lost before the cart was cleared finds the same lines, derives the same key, and the
  guard's condition answers the first order (stock moves once); the retry then clears the ordered lines;
- a retry after the cart was cleared finds it empty: the user's newest order is read (one Query, only on this path,
  which used to be the "cart empty" 400) and answered if this request would have derived its key;
- buying the very same thing again on purpose answers the first order; changing a count, the address or the pay
  method, waiting out the window, cancelling the first order (which frees its key) or sending an Idempotency-Key
  places a new one.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from chalicelib.core.settings import get_settings
from chalicelib.orders.models import Order, Status

# Idempotency-Key values are [A-Za-z0-9_-], so a derived key (with ":") never meets a client's.
PREFIX = "auto:"


def window() -> timedelta | None:
    """How long a derived key answers its order (CHECKOUT_DEDUP_SECONDS); None when turned off."""
    seconds = get_settings().checkout_dedup_seconds
    return timedelta(seconds=seconds) if seconds > 0 else None


def derived_key(address_id: int, pay_method: int, counts: dict[int, int]) -> str:
    """The key of a checkout request: a digest of its address, pay method and sorted lines (the user scopes it)."""
    lines = ",".join(f"{sku_id}x{count}" for sku_id, count in sorted(counts.items()))
    digest = hashlib.sha256(f"{address_id}|{pay_method}|{lines}".encode()).hexdigest()
    return f"{PREFIX}{digest[:40]}"


def repeats(order: Order | None, address_id: int, pay_method: int, now: datetime, span: timedelta) -> bool:
    """Whether a request for this address and pay method, arriving now, repeats `order` (placed by a derived key)."""
    if order is None or order.dedup_key is None or order.status == Status.CANCELED:
        return False
    counts = {line.sku_id: line.count for line in order.lines}
    same = order.dedup_key == derived_key(address_id, pay_method, counts)
    return same and now - order.create_time < span
