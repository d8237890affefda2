"""The addresses context's types: an address as stored, and the request schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, NamedTuple

from pydantic import Field, StringConstraints

from chalicelib.core.schemas import Body
from chalicelib.users.models import EMAIL_PATTERN, MOBILE_PATTERN

AreaId = Annotated[int, Field(ge=1, le=999999)]
LIMIT = 20  # live addresses per user (the seed's)


class Address(NamedTuple):
    """One live address of a user; area names are copied in so reads need no area lookups."""

    user_id: int
    address_id: int
    title: str
    receiver: str
    province_id: int
    province: str
    city_id: int
    city: str
    district_id: int
    district: str
    place: str
    mobile: str
    updated_at: datetime
    tel: str | None = None
    email: str | None = None


class AddressRequest(Body):
    receiver: Annotated[str, StringConstraints(min_length=1, max_length=20, strip_whitespace=True)]
    province_id: AreaId
    city_id: AreaId
    district_id: AreaId
    place: Annotated[str, StringConstraints(min_length=1, max_length=50, strip_whitespace=True)]
    mobile: Annotated[str, StringConstraints(pattern=MOBILE_PATTERN)]
    tel: Annotated[str, StringConstraints(max_length=20, pattern=r"^(\d{3,4}-)?\d{7,8}$")] | None = None
    email: Annotated[str, StringConstraints(max_length=254, pattern=EMAIL_PATTERN)] | None = None
    title: Annotated[str, StringConstraints(min_length=1, max_length=20, strip_whitespace=True)] | None = None


class TitleRequest(Body):
    title: Annotated[str, StringConstraints(min_length=1, max_length=20, strip_whitespace=True)]
