"""Address use cases; every call is scoped to the caller's user id."""

from __future__ import annotations

from typing import Any

from chalicelib.addresses import repository
from chalicelib.addresses.models import AddressRequest
from chalicelib.areas.service import resolve_chain
from chalicelib.users.repository import get_user

LIMIT = 20


def to_dict(address: repository.AddressModel) -> dict[str, Any]:
    """The contract's address shape."""
    return {
        "id": int(address.address_id),
        "title": address.title,
        "receiver": address.receiver,
        "province": address.province,
        "province_id": int(address.province_id),
        "city": address.city,
        "city_id": int(address.city_id),
        "district": address.district,
        "district_id": int(address.district_id),
        "place": address.place,
        "mobile": address.mobile,
        "tel": address.tel or "",
        "email": address.email or "",
    }


def _values(req: AddressRequest) -> dict[str, Any]:
    names = resolve_chain(req.province_id, req.city_id, req.district_id)
    values = req.model_dump()
    values.update(names)
    values["title"] = req.title or req.receiver
    return values


def list_addresses(user_id: int) -> dict[str, Any]:
    """The caller's addresses, default id and the limit."""
    user = get_user(user_id)
    default_id = int(user.default_address_id) if user and user.default_address_id is not None else None
    addresses = [to_dict(a) for a in repository.list_live(user_id)]
    return {"addresses": addresses, "default_address_id": default_id, "limit": LIMIT}


def create(user_id: int, req: AddressRequest) -> dict[str, Any]:
    """Add an address (names from the area ids); 409 past the limit."""
    return to_dict(repository.create(user_id, _values(req), LIMIT))


def update(user_id: int, address_id: int, req: AddressRequest) -> dict[str, Any]:
    """Replace an address's fields."""
    repository.update(user_id, address_id, _values(req))
    return to_dict(repository.get(user_id, address_id))


def delete(user_id: int, address_id: int) -> None:
    """Soft-delete an address."""
    repository.soft_delete(user_id, address_id)


def set_default(user_id: int, address_id: int) -> None:
    """Make an address the default."""
    repository.set_default(user_id, address_id)


def set_title(user_id: int, address_id: int, title: str) -> dict[str, Any]:
    """Rename an address."""
    repository.update(user_id, address_id, {"title": title})
    return to_dict(repository.get(user_id, address_id))
