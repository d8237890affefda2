"""Addresses keyed by (user_id, address_id): another user's address is simply not found.

The user item holds the address count (the limit's guard) and the default address id, so both are
written here, in the same transactions as the addresses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.addresses.models import Address
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.storage import get_or_none, next_id, table_meta, write_if
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.users.repository import UserModel, get_user


class AddressModel(Model):
    """One address; area names are copied in so reads need no area lookups."""

    Meta = table_meta("addresses")
    user_id = NumberAttribute(hash_key=True)
    address_id = NumberAttribute(range_key=True)
    title = UnicodeAttribute()
    receiver = UnicodeAttribute()
    province_id = NumberAttribute()
    province = UnicodeAttribute()
    city_id = NumberAttribute()
    city = UnicodeAttribute()
    district_id = NumberAttribute()
    district = UnicodeAttribute()
    place = UnicodeAttribute()
    mobile = UnicodeAttribute()
    tel = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    is_deleted = BooleanAttribute(default=False)
    updated_at = UTCDateTimeAttribute()


def _address(model: AddressModel) -> Address:
    """A stored address as the context's type."""
    return Address(
        user_id=int(model.user_id),
        address_id=int(model.address_id),
        title=model.title,
        receiver=model.receiver,
        province_id=int(model.province_id),
        province=model.province,
        city_id=int(model.city_id),
        city=model.city,
        district_id=int(model.district_id),
        district=model.district,
        place=model.place,
        mobile=model.mobile,
        updated_at=model.updated_at,
        tel=model.tel,
        email=model.email,
    )


def create(user_id: int, values: dict[str, Any], limit: int) -> Address:
    """Insert an address and bump the user's count under `count < limit`, atomically; the first becomes default."""
    address = AddressModel(user_id, next_id("address"), updated_at=datetime.now(UTC), **values)
    user = UserModel(user_id)
    try:
        with Transaction() as tx:
            tx.update(
                user,
                actions=[
                    UserModel.address_count.add(1),
                    UserModel.default_address_id.set(UserModel.default_address_id | address.address_id),
                ],
                condition=UserModel.user_id.exists() & (UserModel.address_count < limit),
                label="user",
            )
            tx.save(address, condition=AddressModel.address_id.does_not_exist(), label="address")
    except TransactionCancelled as exc:
        if "user" in exc.failed:
            raise Conflict(f"at most {limit} addresses") from None
        raise
    return _address(address)


def get(user_id: int, address_id: int) -> Address:
    """The caller's live address; 404 otherwise (including someone else's)."""
    address = get_or_none(AddressModel, user_id, address_id)
    if address is None or address.is_deleted:
        raise NotFound("address not found")
    return _address(address)


def list_live(user_id: int) -> list[Address]:
    """The user's addresses that are not deleted, oldest first."""
    live = AddressModel.is_deleted == False  # noqa: E712
    return [_address(a) for a in AddressModel.query(user_id, filter_condition=live)]


def default_id(user_id: int) -> int | None:
    """The id of the user's default address, or None."""
    user = get_user(user_id)
    return user.default_address_id if user else None


def _live() -> Any:
    return AddressModel.address_id.exists() & (AddressModel.is_deleted == False)  # noqa: E712


def update(user_id: int, address_id: int, values: dict[str, Any]) -> None:
    """Overwrite an address's fields (None removes one) if it is the caller's and not deleted; 404 otherwise."""
    address = AddressModel(user_id, address_id)
    actions = [
        getattr(AddressModel, k).set(v) if v is not None else getattr(AddressModel, k).remove()
        for k, v in values.items()
    ]
    actions.append(AddressModel.updated_at.set(datetime.now(UTC)))
    if not write_if(lambda: address.update(actions=actions, condition=_live())):
        raise NotFound("address not found")


def soft_delete(user_id: int, address_id: int) -> None:
    """Mark deleted and free a slot in one transaction; clear the default if it was this one."""
    try:
        with Transaction() as tx:
            address = AddressModel(user_id, address_id)
            tx.update(address, actions=[AddressModel.is_deleted.set(True)], condition=_live(), label="address")
            tx.update(UserModel(user_id), actions=[UserModel.address_count.add(-1)], label="user")
    except TransactionCancelled as exc:
        if "address" in exc.failed:
            raise NotFound("address not found") from None
        raise
    # A refused condition means the default is another address (or none), which stays as it is.
    write_if(
        lambda: UserModel(user_id).update(
            actions=[UserModel.default_address_id.remove()], condition=UserModel.default_address_id == address_id
        )
    )


def set_default(user_id: int, address_id: int) -> None:
    """Make a live address of the caller's the default."""
    get(user_id, address_id)
    UserModel(user_id).update(actions=[UserModel.default_address_id.set(address_id)])
