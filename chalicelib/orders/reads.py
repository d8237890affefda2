"""The order repository's reads: checkout's inputs, an idempotency key's order, and the user's orders.

Half of `DynamoOrders` (repository.py); the conditional writes are in writes.py.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.addresses.repository import AddressModel
from chalicelib.catalogue.repository import VIEW_ATTRIBUTES, SkuModel
from chalicelib.core.clients import aws_client
from chalicelib.core.errors import NotFound, ServiceUnavailable
from chalicelib.orders import tables
from chalicelib.orders.models import Order, SkuForSale
from chalicelib.orders.tables import UNPAID_BUCKETS, OrderKeyModel, OrderModel
from chalicelib.orders.writes import key_id

_BATCH_ATTEMPTS = 3


class OrderReads:
    """The reads of `DynamoOrders`: one BatchGetItem for checkout, strongly consistent reads where a write follows."""

    def checkout_inputs(
        self, user_id: int, address_id: int, sku_ids: list[int]
    ) -> tuple[dict[int, SkuForSale], dict[str, Any]]:
        """The SKUs and the caller's address in ONE BatchGetItem over both tables; NotFound if no address."""
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
        found = _batch_get(request)
        addresses = [AddressModel.from_raw_data(item) for item in found.get(addresses_table, [])]
        if not addresses or addresses[0].is_deleted:
            raise NotFound("address not found")
        skus = [tables.sku_for_sale(SkuModel.from_raw_data(item)) for item in found.get(skus_table, [])]
        return {sku.sku_id: sku for sku in skus}, tables.address_snapshot(addresses[0])

    def order_for_key(self, user_id: int, key: str) -> str | None:
        """The order a key already placed, or None (a strongly consistent GetItem)."""
        try:
            return str(OrderKeyModel.get(key_id(user_id, key), consistent_read=True).order_id)
        except DoesNotExist:
            return None

    def get(self, user_id: int, order_id: str) -> Order:
        """The caller's order (someone else's is simply not under the caller's key); NotFound otherwise."""
        try:
            return tables.order(OrderModel.get(user_id, order_id, consistent_read=True))
        except DoesNotExist:
            raise NotFound("order not found") from None

    def order_for_derived_key(self, user_id: int, key: str, now: datetime) -> str | None:
        """The order a derived key placed while its window is open (a strongly consistent GetItem), or None.

        TTL deletes an expired guard only lazily, so the expiration is checked here, as place's condition does.
        """
        try:
            guard = OrderKeyModel.get(key_id(user_id, key), consistent_read=True)
        except DoesNotExist:
            return None
        return str(guard.order_id) if guard.expiration >= now else None

    def newest(self, user_id: int, skip: int, take: int) -> tuple[int, list[Order]]:
        """The user's order count and `take` orders after the newest `skip`, from one partition (no Scan)."""
        total = OrderModel.count(user_id)
        orders = list(OrderModel.query(user_id, scan_index_forward=False, limit=skip + take))
        return total, [tables.order(model) for model in orders[skip:]]

    def unpaid_before(self, cutoff: datetime, limit: int) -> list[tuple[int, str]]:
        """(user_id, order_id) of orders still UNPAID created before `cutoff`, read from the sparse index."""
        keys: list[tuple[int, str]] = []
        for bucket in range(UNPAID_BUCKETS):
            query = OrderModel.unpaid.query(bucket, OrderModel.create_time < cutoff, limit=limit)
            keys.extend((int(o.user_id), str(o.order_id)) for o in query)
        return keys


def _batch_get(request: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Items per table of one BatchGetItem, asking again for keys DynamoDB left unprocessed (throttling)."""
    found: dict[str, list[dict[str, Any]]] = {table: [] for table in request}
    for attempt in range(_BATCH_ATTEMPTS):
        if attempt:  # back off before asking for the rest
            time.sleep(0.05 * 2**attempt)
        answer = aws_client("dynamodb").batch_get_item(RequestItems=request)
        for table, rows in answer.get("Responses", {}).items():
            found[table].extend(rows)
        request = answer.get("UnprocessedKeys") or {}
        if not request:
            return found
    raise ServiceUnavailable("the catalogue is throttled, retry later")
