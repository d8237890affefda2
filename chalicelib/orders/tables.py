"""The orders table (lines and address embedded, a sparse index of unpaid orders), the Idempotency-Key guards,
and the translation between stored items and the order's records."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.expressions.update import Action
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.core.money import MoneyAttribute
from chalicelib.core.storage import table_meta
from chalicelib.orders.models import Draft, Line, Order, Status

# Unpaid orders spread over this many index partitions (by user id), so the sparse index has no single hot key.
UNPAID_BUCKETS = 4


class LineMap(MapAttribute[str, Any]):
    """One ordered SKU, its price and name as they were at checkout."""

    sku_id = NumberAttribute()
    spu_id = NumberAttribute()
    name = UnicodeAttribute()
    default_image_url = UnicodeAttribute(default="")
    price = MoneyAttribute()
    count = NumberAttribute()


class AddressMap(MapAttribute[str, Any]):
    """The delivery address copied in, so later edits or deletion of the address leave the order intact."""

    address_id = NumberAttribute()
    receiver = UnicodeAttribute()
    province = UnicodeAttribute()
    city = UnicodeAttribute()
    district = UnicodeAttribute()
    place = UnicodeAttribute()
    mobile = UnicodeAttribute()
    tel = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)


class UnpaidIndex(GlobalSecondaryIndex["OrderModel"]):
    """Sparse: only orders carrying `unpaid_bucket` (set while UNPAID) appear, oldest first."""

    class Meta:
        index_name = "unpaid-by-time"
        projection = KeysOnlyProjection()

    unpaid_bucket = NumberAttribute(hash_key=True)
    create_time = UTCDateTimeAttribute(range_key=True)


class OrderModel(Model):
    """An order with its lines embedded; order ids start with the local time, so a user's orders sort by age."""

    Meta = table_meta("orders")
    user_id = NumberAttribute(hash_key=True)
    order_id = UnicodeAttribute(range_key=True)
    create_time = UTCDateTimeAttribute()
    status = NumberAttribute()
    pay_method = NumberAttribute()
    total_count = NumberAttribute()
    total_amount = MoneyAttribute()
    freight = MoneyAttribute()
    address = AddressMap()
    lines = ListAttribute(of=LineMap)
    unpaid_bucket = NumberAttribute(null=True)
    unpaid = UnpaidIndex()
    # The key derived from the request that placed it (none when the client sent Idempotency-Key): a cancel frees it.
    dedup_key = UnicodeAttribute(null=True)


class OrderKeyModel(Model):
    """Checkout guard `order-key#<user>#<key>` → order id, for an Idempotency-Key or a key derived from the request.

    It shares the idempotency table and its TTL; `expiration` also ends a derived key's window.
    """

    Meta = table_meta("idempotency")
    id = UnicodeAttribute(hash_key=True)
    order_id = UnicodeAttribute()
    expiration = TTLAttribute()


def order_item(draft: Draft) -> OrderModel:
    """The item a draft is stored as; only an UNPAID order is listed in the sparse index."""
    return OrderModel(
        draft.user_id,
        draft.order_id,
        create_time=draft.create_time,
        status=draft.status,
        pay_method=draft.pay_method,
        total_count=sum(line.count for line in draft.lines),
        total_amount=draft.total_amount,
        freight=draft.freight,
        address=AddressMap(**draft.address),
        lines=[LineMap(**asdict(line)) for line in draft.lines],
        unpaid_bucket=draft.user_id % UNPAID_BUCKETS if draft.status == Status.UNPAID else None,
        dedup_key=draft.key if draft.key_window is not None else None,
    )


def order(item: OrderModel) -> Order:
    """A stored order as the services see it."""
    lines = [Line(int(m.sku_id), int(m.spu_id), m.name, m.default_image_url, m.price, int(m.count)) for m in item.lines]
    return Order(
        user_id=int(item.user_id),
        order_id=item.order_id,
        create_time=item.create_time,
        status=Status(int(item.status)),
        pay_method=int(item.pay_method),
        total_count=int(item.total_count),
        total_amount=item.total_amount,
        freight=item.freight,
        address=item.address.as_dict(),
        lines=lines,
        dedup_key=item.dedup_key,
    )


def paid() -> list[Action]:
    """UNPAID → UNSEND: the status set and the order taken out of the unpaid index."""
    return [OrderModel.status.set(Status.UNSEND), OrderModel.unpaid_bucket.remove()]
