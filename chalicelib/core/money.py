"""Money: Decimal in Python, a DynamoDB number in storage, a two-decimal string in JSON."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import Field
from pynamodb.attributes import Attribute
from pynamodb.constants import NUMBER

CENT = Decimal("0.01")

# A price in a request: a JSON string ("3388.00") or number, positive, at most two decimals.
# Lax even inside strict bodies, because JSON has no decimal type; NaN and infinities are refused.
Price = Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2, strict=False)]


def cents(value: Decimal | int | str) -> Decimal:
    """The amount rounded to cents (half up, as a cashier would)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | int | str) -> str:
    """The contract's money format: "3388.00"."""
    return str(cents(value))


class MoneyAttribute(Attribute[Decimal]):
    """A DynamoDB number read back as a Decimal with two places (never a float).

    A number rather than a string so that condition expressions and `ADD` can use it; DynamoDB drops
    trailing zeros ("3388.00" is stored as 3388), so reading quantizes again.
    """

    attr_type = NUMBER

    def serialize(self, value: Any) -> str:
        return str(cents(value))

    def deserialize(self, value: Any) -> Decimal:
        return cents(value)
