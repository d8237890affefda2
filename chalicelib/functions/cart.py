"""The cart function: /carts/ and its selection and summary, Redis only."""

from __future__ import annotations

from chalicelib.cart.routes import bp as cart
from chalicelib.functions.factory import build
from chalicelib.users import principals

principals.wire()
app = build(cart)
