"""The checkout function: POST /orders/commit/, one transaction with conditional stock decrements."""

from __future__ import annotations

from chalicelib.functions.factory import build
from chalicelib.orders.checkout_routes import bp as checkout
from chalicelib.users import principals

principals.wire()
app = build(checkout)
