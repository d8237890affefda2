"""The cart's types: its keys, a stored line and the limits (its request schemas are in requests.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

MAX_COUNT = 999
MAX_LINES = 100
ANONYMOUS_TTL_SECONDS = 86400


class CartKeys(NamedTuple):
    """The keys of one cart (its lines, its selected set, its version stamp) and how long they live (0: no expiry)."""

    lines: str
    selected: str
    version: str
    ttl: int

    @classmethod
    def for_user(cls, user_id: int) -> CartKeys:
        """The seed's keys for a logged-in user, and the version's beside them."""
        return cls(f"carts_{user_id}", f"selected_{user_id}", f"cart_version_{user_id}", 0)

    @classmethod
    def for_anonymous(cls, cart_id: str) -> CartKeys:
        """Keys of a server-issued anonymous cart, expiring a day after the last change."""
        return cls(
            f"carts_anon_{cart_id}", f"selected_anon_{cart_id}", f"cart_version_anon_{cart_id}", ANONYMOUS_TTL_SECONDS
        )


@dataclass(frozen=True)
class Line:
    """One cart line as stored."""

    sku_id: int
    count: int
    selected: bool


class CartState(NamedTuple):
    """A cart's lines and its version stamp, read together (None: no change since versions exist)."""

    lines: list[Line]
    version: str | None
