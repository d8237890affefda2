"""Orders keyed by (user_id, order_id), idempotency guards, and the reads checkout and the sweeper make."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import DoesNotExist
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.addresses.repository import AddressModel
from chalicelib.catalogue.repository import VIEW_ATTRIBUTES, SkuModel
from chalicelib.core.clients import aws_client
from chalicelib.core.errors import NotFound, ServiceUnavailable
from chalicelib.core.money import MoneyAttribute
from chalicelib.core.storage import table_meta

# Unpaid orders spread over this many index partitions (by user id), so the sparse index has no single hot key.
UNPAID_BUCKETS = 4
_BATCH_ATTEMPTS = 3


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


class OrderKeyModel(Model):
    """Idempotency-Key guard `order-key#<user>#<key>` → order id; it shares the idempotency table and its TTL."""

    Meta = table_meta("idempotency")
    id = UnicodeAttribute(hash_key=True)
    order_id = UnicodeAttribute()
    expiration = TTLAttribute()


def key_id(user_id: int, key: str) -> str:
    """The guard item's key: scoped to the user, so two users' equal keys never meet."""
    return f"order-key#{user_id}#{key}"


def order_for_key(user_id: int, key: str) -> str | None:
    """The order an Idempotency-Key already placed, or None (a strongly consistent read)."""
    try:
        return str(OrderKeyModel.get(key_id(user_id, key), consistent_read=True).order_id)
    except DoesNotExist:
        return None


def checkout_inputs(user_id: int, address_id: int, sku_ids: list[int]) -> tuple[dict[int, SkuModel], AddressModel]:
    """The SKUs (price, stock, SPU) and the caller's address in ONE BatchGetItem over both tables; 404 if no address."""
    skus_table, addresses_table = SkuModel.Meta.table_name, AddressModel.Meta.table_name
    names = {f"#a{i}": name for i, name in enumerate(VIEW_ATTRIBUTES)}
    request: dict[str, Any] = {
        skus_table: {
            "Keys": [{"sku_id": {"N": str(sku_id)}} for sku_id in sku_ids],
            "ProjectionExpression": ", ".join(names),
            "ExpressionAttributeNames": names,
        },
        # Consistent, so an address created a moment ago is found.
        addresses_table: {
            "Keys": [{"user_id": {"N": str(user_id)}, "address_id": {"N": str(address_id)}}],
            "ConsistentRead": True,
        },
    }
    found: dict[str, list[dict[str, Any]]] = {skus_table: [], addresses_table: []}
    for attempt in range(_BATCH_ATTEMPTS):
        if attempt:  # DynamoDB left keys unprocessed (throttling): back off before asking for the rest
            time.sleep(0.05 * 2**attempt)
        answer = aws_client("dynamodb").batch_get_item(RequestItems=request)
        for table, items in answer.get("Responses", {}).items():
            found[table].extend(items)
        request = answer.get("UnprocessedKeys") or {}
        if not request:
            break
    else:
        raise ServiceUnavailable("the catalogue is throttled, retry later")
    addresses = [AddressModel.from_raw_data(item) for item in found[addresses_table]]
    if not addresses or addresses[0].is_deleted:
        raise NotFound("address not found")
    skus = {int(s.sku_id): s for s in map(SkuModel.from_raw_data, found[skus_table])}
    return skus, addresses[0]


def get(user_id: int, order_id: str) -> OrderModel:
    """The caller's order; 404 otherwise (someone else's is simply not under the caller's key)."""
    try:
        return OrderModel.get(user_id, order_id, consistent_read=True)
    except DoesNotExist:
        raise NotFound("order not found") from None


def newest(user_id: int, skip: int, take: int) -> tuple[int, list[OrderModel]]:
    """The user's order count and `take` orders after the newest `skip`, from one partition (no Scan)."""
    total = OrderModel.count(user_id)
    orders = list(OrderModel.query(user_id, scan_index_forward=False, limit=skip + take))
    return total, orders[skip:]


def unpaid_before(cutoff: datetime, limit: int) -> list[tuple[int, str]]:
    """(user_id, order_id) of orders still UNPAID created before `cutoff`, read from the sparse index."""
    keys: list[tuple[int, str]] = []
    for bucket in range(UNPAID_BUCKETS):
        query = OrderModel.unpaid.query(bucket, OrderModel.create_time < cutoff, limit=limit)
        keys.extend((int(o.user_id), str(o.order_id)) for o in query)
    return keys
