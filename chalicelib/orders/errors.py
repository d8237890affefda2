"""What placing an order can refuse beyond the shared errors (OutOfStock, NotFound, Conflict)."""

from __future__ import annotations

from chalicelib.core.errors import Conflict


class KeyAlreadyUsed(Conflict):
    """Another request with the same Idempotency-Key placed its order first."""
