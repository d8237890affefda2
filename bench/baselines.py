"""The seeds' approaches, run on the same backend as the project for comparison (never used by the app)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial

import redis
from pynamodb.expressions.update import Action

from chalicelib.addresses.repository import AddressModel
from chalicelib.cart import store
from chalicelib.cart.models import CartKeys
from chalicelib.catalogue.repository import SkuModel, SpuModel
from chalicelib.catalogue.visits_repository import VisitModel
from chalicelib.core import raw_dynamodb as dynamo
from chalicelib.core.storage import get_or_none, write_if
from chalicelib.feed.fanout import inboxes as inbox
from chalicelib.feed.follows.repository import RelationModel
from chalicelib.orders.tables import AddressMap, LineMap, OrderModel

MAX_RETRIES = 10_000  # the seed loops `while True`; this only stops a bug from hanging the benchmark
_ADDRESS_FIELDS = ("receiver", "province", "city", "district", "place", "mobile", "tel", "email")


def visit_read_modify_write(category_id: int, day: str) -> None:
    """Seed 000: get_or_create the day's record, `count += 1`, save(): a read, then a blind write."""
    record = get_or_none(VisitModel, category_id, day)
    if record is None:
        record = VisitModel(category_id, day, visits=0)
    record.visits = int(record.visits) + 1
    record.save()


@dataclass(frozen=True)
class SeedCheckout:
    """What the seed's checkout did: the order placed (None: refused for stock) and its optimistic-lock retries."""

    order_id: str | None
    retries: int


def _take(sku_id: int, count: int) -> tuple[SkuModel | None, int]:
    """Seed 001's loop for one SKU: read it, update on the read stock, re-read and retry on conflict."""
    for retries in range(MAX_RETRIES):
        sku = SkuModel.get(sku_id, consistent_read=True)
        origin_stock, origin_sales = int(sku.stock), int(sku.sales)
        if count > origin_stock:
            return None, retries
        # filter(id=sku_id, stock=origin_stock).update(stock=origin_stock - count, sales=origin_sales + count)
        actions: list[Action] = [SkuModel.stock.set(origin_stock - count), SkuModel.sales.set(origin_sales + count)]
        if write_if(partial(sku.update, actions=actions, condition=SkuModel.stock == origin_stock)):
            return sku, retries
    raise RuntimeError(f"sku {sku_id}: no update in {MAX_RETRIES} tries")


def checkout_optimistic(r: redis.Redis, user_id: int, address_id: int) -> SeedCheckout:
    """Seed 001: per SKU an optimistic-lock update (+ SPU sales), then the order put; one read per SKU and try.

    The cart is read as the seed reads it (HGETALL, then SMEMBERS: the store reads both in one round trip)
    and cleared through the store (one pipeline, as the seed's); the address is read once, as the seed's
    serializer does. A short SKU undoes the lines already taken (the
    seed's savepoint rollback). SPU sales get an `ADD`, kinder than the seed's read-and-save of the SPU.
    """
    keys = CartKeys.for_user(user_id)
    cart: dict[str, str] = r.hgetall(keys.lines)  # type: ignore[assignment]  # decode_responses=True
    selected: set[str] = r.smembers(keys.selected)  # type: ignore[assignment]
    counts = {int(sku): int(cart[sku]) for sku in sorted(selected) if sku in cart}
    address = AddressModel.get(user_id, address_id, consistent_read=True)
    lines: list[LineMap] = []
    retries = 0
    for sku_id, count in counts.items():
        sku, tries = _take(sku_id, count)
        retries += tries
        if sku is None:
            _give_back(lines)
            return SeedCheckout(None, retries)
        SpuModel(int(sku.spu_id)).update(actions=[SpuModel.sales.add(count)])
        line = LineMap(sku_id=sku_id, spu_id=int(sku.spu_id), name=sku.name, price=sku.price, count=count)
        lines.append(line)
    now = datetime.now(UTC)
    order_id = f"{now:%Y%m%d%H%M%S}{user_id:09d}{now:%f}{secrets.randbelow(100):02d}"
    total = sum((line.price * int(line.count) for line in lines), Decimal("0"))
    snapshot = {name: getattr(address, name) for name in _ADDRESS_FIELDS}
    OrderModel(
        user_id,
        order_id,
        create_time=now,
        status=2,
        pay_method=1,
        total_count=sum(int(line.count) for line in lines),
        total_amount=total,
        freight=Decimal("10.00"),
        address=AddressMap(address_id=address_id, **snapshot),
        lines=lines,
    ).save()
    store.remove_lines(r, keys, list(counts))
    return SeedCheckout(order_id, retries)


def _give_back(lines: list[LineMap]) -> None:
    for line in lines:
        SkuModel(int(line.sku_id)).update(actions=[SkuModel.stock.add(line.count), SkuModel.sales.add(-line.count)])
        SpuModel(int(line.spu_id)).update(actions=[SpuModel.sales.add(-line.count)])


def fanout_add_list(author_id: int, article_id: int, feed_key: int) -> int:
    """Seed 004's add_list: read the followers, then per follower an auto-increment number and one PutItem.

    The auto-increment is the inbox head's `ADD seq 1` (UPDATED_NEW), as the seed's PK_AUTO_INCR; no
    batching and no claim, so a redelivery writes every entry again. Returns the followers reached.
    """
    readers = [int(row.follower_id) for row in RelationModel.followers.query(author_id)]
    client = dynamo.client()
    for reader in readers:
        answer = client.update_item(
            TableName=inbox.TABLE,
            Key={"owner_id": dynamo.num(reader), "sequence_id": dynamo.num(inbox.HEAD)},
            UpdateExpression="ADD #seq :one",
            ExpressionAttributeNames={"#seq": "seq"},
            ExpressionAttributeValues={":one": dynamo.num(1)},
            ReturnValues="UPDATED_NEW",
        )
        entry = inbox.Entry(reader, int(answer["Attributes"]["seq"]["N"]), article_id, author_id, feed_key)
        client.put_item(TableName=inbox.TABLE, Item=inbox.entry_item(entry, unread=True))
    return len(readers)
