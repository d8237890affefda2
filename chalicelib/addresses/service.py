"""Address use cases; every call is scoped to the caller's user id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from chalicelib.addresses import repository
from chalicelib.addresses.models import LIMIT, Address, AddressRequest
from chalicelib.areas.service import resolve_chain

# Names for a province → city → district chain of ids, as `{province, city, district}`.
AreaNames = Callable[[int, int, int], dict[str, str]]


class Addresses(Protocol):
    """What the address use cases need of storage (the DynamoDB one is `repository`).

    `create` refuses (409) a user who already has `limit` live addresses and makes the first one the default.
    """

    def create(self, user_id: int, values: dict[str, Any], limit: int) -> Address: ...
    def get(self, user_id: int, address_id: int) -> Address: ...
    def list_live(self, user_id: int) -> list[Address]: ...
    def default_id(self, user_id: int) -> int | None: ...
    def update(self, user_id: int, address_id: int, values: dict[str, Any]) -> None: ...
    def soft_delete(self, user_id: int, address_id: int) -> None: ...
    def set_default(self, user_id: int, address_id: int) -> None: ...


def to_dict(address: Address) -> dict[str, Any]:
    """The contract's address shape."""
    return {
        "id": address.address_id,
        "title": address.title,
        "receiver": address.receiver,
        "province": address.province,
        "province_id": address.province_id,
        "city": address.city,
        "city_id": address.city_id,
        "district": address.district,
        "district_id": address.district_id,
        "place": address.place,
        "mobile": address.mobile,
        "tel": address.tel or "",
        "email": address.email or "",
    }


def _values(req: AddressRequest, names: AreaNames) -> dict[str, Any]:
    values = req.model_dump()
    values.update(names(req.province_id, req.city_id, req.district_id))
    values["title"] = req.title or req.receiver
    return values


def list_addresses(user_id: int, addresses: Addresses = repository) -> dict[str, Any]:
    """The caller's addresses, default id and the limit."""
    default_id = addresses.default_id(user_id)
    live = [to_dict(a) for a in addresses.list_live(user_id)]
    return {"addresses": live, "default_address_id": default_id, "limit": LIMIT}


def create(
    user_id: int, req: AddressRequest, addresses: Addresses = repository, names: AreaNames = resolve_chain
) -> dict[str, Any]:
    """Add an address (names from the area ids); 409 past the limit."""
    return to_dict(addresses.create(user_id, _values(req, names), LIMIT))


def update(
    user_id: int,
    address_id: int,
    req: AddressRequest,
    addresses: Addresses = repository,
    names: AreaNames = resolve_chain,
) -> dict[str, Any]:
    """Replace an address's fields."""
    addresses.update(user_id, address_id, _values(req, names))
    return to_dict(addresses.get(user_id, address_id))


def delete(user_id: int, address_id: int, addresses: Addresses = repository) -> None:
    """Soft-delete an address."""
    addresses.soft_delete(user_id, address_id)


def set_default(user_id: int, address_id: int, addresses: Addresses = repository) -> None:
    """Make an address the default."""
    addresses.set_default(user_id, address_id)


def set_title(user_id: int, address_id: int, title: str, addresses: Addresses = repository) -> dict[str, Any]:
    """Rename an address."""
    addresses.update(user_id, address_id, {"title": title})
    return to_dict(addresses.get(user_id, address_id))
