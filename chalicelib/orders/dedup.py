"""Checkout without an Idempotency-Key is still safe to retry: the request and the cart's state name its order.

The contract: a retry of a request whose answer was lost answers the same order; buying the same thing again on
purpose (the cart filled again) places a new order; a cancelled order is never the answer. What the cart holds
cannot tell these apart (the same lines, bought twice on purpose, look like a retry), but the cart's version can:
every change its owner makes replaces the version stamp (cart/store.py), and checkout's own clearing of the
ordered lines does not. So a key is derived from (cart version as read, address, pay method), scoped to the user,
and guarded in checkout's transaction like an Idempotency-Key, for CHECKOUT_DEDUP_SECONDS (10 minutes by default,
as DynamoDB's own ClientRequestToken). Then:

- a retry whose answer was lost before the cart was cleared reads the same lines at the same version, derives the
  same key, and the guard's condition answers the first order (stock moves once); the retry then clears the lines;
- a retry after the cart was cleared finds no selected lines, but the version is still the one the order was
  placed from: the guard of that key is read (one GetItem, only on this path, which used to be the "cart empty"
  400) and its order answered while the window is open;
- filling the cart again (add, overwrite, delete, selection, login merge) replaces the version, so the same lines
  bought again derive another key and place a new order, however soon;
- a cancel deletes the order's guard in the cancel's transaction, so a guard only ever names a live order: a retry
  of a cancelled order is judged on the cart as it is (the lines still there: a new order; gone: "cart empty").
  A 409 instead would refuse a user who cancelled and, seeing the lines still in the cart, buys them on purpose.

Limit: without a key, a request cannot be told from an identical one against the same cart state; a retry that
arrives after the owner changed the cart is a request against the new state.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from chalicelib.core.settings import get_settings

# Idempotency-Key values are [A-Za-z0-9_-], so a derived key (with ":") never meets a client's.
PREFIX = "auto:"
# The digest's input names its scheme, so a key of the former content-based scheme (still guarded for up to its
# window after a deploy) never equals one of this scheme.
_SCHEME = "cart-version"
# A cart last changed before versions existed has none; it is still one state until its owner changes it.
_NO_VERSION = "-"


def window() -> timedelta | None:
    """How long a derived key answers its order (CHECKOUT_DEDUP_SECONDS); None when turned off."""
    seconds = get_settings().checkout_dedup_seconds
    return timedelta(seconds=seconds) if seconds > 0 else None


def derived_key(cart_version: str | None, address_id: int, pay_method: int) -> str:
    """The key of a keyless checkout: a digest of the cart version it read, its address and pay method (user-scoped).

    The lines are not part of it: one version is one set of lines, and a retry that finds them cleared must derive
    the same key without them.
    """
    text = f"{_SCHEME}|{cart_version or _NO_VERSION}|{address_id}|{pay_method}"
    return f"{PREFIX}{hashlib.sha256(text.encode()).hexdigest()[:40]}"
