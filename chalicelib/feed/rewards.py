"""The reward renran's article page sends (its Alipay payment is the payments context's)."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from chalicelib.core.schemas import Body


class RewardRequest(Body):
    money: Literal[2, 5, 10, 20, 50, 100]  # yuan, the renran client's choices

    @field_validator("money", mode="before")
    @classmethod
    def _whole(cls, value: object) -> object:
        if type(value) is not int:  # a Literal of ints alone lets 5.0 (and True for 1) through
            raise ValueError("must be a whole number of yuan: 2, 5, 10, 20, 50 or 100")
        return value
