"""What the address book offers other contexts' batch reads: an address's key and what an order keeps of it.

Read from DynamoDB's wire format here rather than through the repository's model, so a caller (checkout, and the
order timeouts that share its repository) reaches the address table alone.
"""

from __future__ import annotations

from typing import Any

# Powertools' copy of boto3's deserializer: boto3's own would import boto3 (~40 ms of a function's init).
from aws_lambda_powertools.shared.dynamodb_deserializer import TypeDeserializer

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.settings import get_settings

# What an order keeps of the address it is delivered to, beside its id.
SNAPSHOT_FIELDS = ("receiver", "province", "city", "district", "place", "mobile", "tel", "email")
_wire = TypeDeserializer()


def addresses_table() -> str:
    """The address table's name, for a batch read that spans contexts."""
    return get_settings().table("addresses")


def address_key(user_id: int, address_id: int) -> raw.Raw:
    """The key of one of a user's addresses in a batch read."""
    return {"user_id": raw.num(user_id), "address_id": raw.num(address_id)}


def snapshot(items: list[raw.Raw]) -> dict[str, Any] | None:
    """The address a batch read found, as an order keeps it (its id and a copy of its fields); None if deleted."""
    if not items:
        return None
    address = {name: _wire.deserialize(value) for name, value in items[0].items()}
    if address.get("is_deleted"):
        return None
    return {"address_id": int(address["address_id"]), **{name: address.get(name) for name in SNAPSHOT_FIELDS}}
