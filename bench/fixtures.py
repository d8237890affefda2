"""Benchmark data written through the app's own repositories (the benchmark never imports tests)."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from chalicelib.addresses.repository import AddressModel
from chalicelib.cart import store
from chalicelib.catalogue import service as catalogue
from chalicelib.catalogue.repository import CategoryModel, SkuModel, SpuModel
from chalicelib.core.auth import issue_token
from chalicelib.core.clients import get_redis
from chalicelib.core.passwords import hash_password
from chalicelib.core.storage import CounterModel
from chalicelib.feed.fanout import inboxes as inbox
from chalicelib.feed.fanout.inboxes import InboxModel
from chalicelib.feed.follows.repository import RelationModel, StatsModel
from chalicelib.users.repository import UniqueKeyModel, UserModel

# Catalogue ids far above the demo catalogue's and the tests' (1,000,000 up).
_catalogue_ids = itertools.count(2_000_000)
# Fan-out readers need no user item (the consumer reads follows and inboxes only), so they get ids from here.
READER_BASE = 10**9
_readers = itertools.count(READER_BASE)
ADDRESS: dict[str, Any] = {
    "title": "家",
    "receiver": "张三",
    "place": "体育西路 1 号",
    "mobile": "13800138000",
    "province_id": 440000,
    "city_id": 440100,
    "district_id": 440106,
    "province": "广东省",
    "city": "广州市",
    "district": "天河区",
}


@dataclass(frozen=True)
class User:
    """A stored user with a token, and the id of its default address if it has one."""

    id: int
    username: str
    token: str
    address_id: int = 0


def take_ids(sequence: str, count: int) -> list[int]:
    """`count` ids of a named sequence with one `ADD` (the app's next_id takes them one at a time)."""
    counter = CounterModel(sequence)
    counter.update(actions=[CounterModel.value.add(count)])
    return list(range(int(counter.value) - count + 1, int(counter.value) + 1))


def make_users(count: int, with_address: bool = False) -> list[User]:
    """`count` users (with a default address when asked), written in batches.

    Set-up only: the items are those registration and address creation write, but moto copies every table a
    transaction touches, so hundreds of set-up transactions would take most of the time budget.
    """
    now, password = datetime.now(UTC), hash_password("bench-password-1")
    user_ids = take_ids("user", count)
    address_ids = take_ids("address", count) if with_address else [0] * count
    made = []
    with (
        UserModel.batch_write() as user_batch,
        UniqueKeyModel.batch_write() as key_batch,
        AddressModel.batch_write() as address_batch,
    ):
        for user_id, address_id in zip(user_ids, address_ids, strict=True):
            name, mobile = f"bench_{user_id:06d}", f"150{user_id:08d}"
            user = UserModel(user_id, username=name, mobile=mobile, password_hash=password, created_at=now)
            if address_id:
                user.default_address_id, user.address_count = address_id, 1
                address_batch.save(AddressModel(user_id, address_id, updated_at=now, **ADDRESS))
            user_batch.save(user)
            key_batch.save(UniqueKeyModel(f"username#{name}", user_id=user_id))
            key_batch.save(UniqueKeyModel(f"mobile#{mobile}", user_id=user_id))
            made.append(User(user_id, name, issue_token(user_id, name), address_id))
    return made


def make_user(with_address: bool = False) -> User:
    """One new user."""
    return make_users(1, with_address)[0]


def make_category() -> int:
    """A new first → second → third-level chain; returns the third level's id (the tree cache is dropped)."""
    ids = [next(_catalogue_ids) for _ in range(3)]
    cats = [
        CategoryModel(ids[0], name=f"类别{ids[0]}", level=1, group_id=99, sequence=1, url="http://c.example"),
        CategoryModel(ids[1], name=f"类别{ids[1]}", level=2, parent_id=ids[0]),
        CategoryModel(ids[2], name=f"类别{ids[2]}", level=3, parent_id=ids[1]),
    ]
    catalogue.load_catalogue(get_redis(), cats, [], [])
    return ids[2]


def make_skus(category_id: int, count: int, stock: int) -> list[int]:
    """`count` SKUs of one new SPU, each with `stock` units."""
    spu_id, now = next(_catalogue_ids), datetime.now(UTC)
    skus = [
        SkuModel(
            sku_id,
            spu_id=spu_id,
            category_id=category_id,
            name=f"商品{sku_id}",
            caption="bench",
            price=Decimal("100.00"),
            stock=stock,
            sales=0,
            comments=0,
            default_image_url=f"https://images.example.com/skus/{sku_id}.jpg",
            create_time=now,
        )
        for sku_id in (next(_catalogue_ids) for _ in range(count))
    ]
    catalogue.load_catalogue(get_redis(), [], [SpuModel(spu_id, name=f"SPU{spu_id}", category_id=category_id)], skus)
    return [int(s.sku_id) for s in skus]


def fill_cart(user_id: int, counts: dict[int, int]) -> None:
    """Put selected lines straight into a user's Redis cart (one pipeline)."""
    keys = store.CartKeys.for_user(user_id)
    pipe = get_redis().pipeline(transaction=False)
    for sku_id, count in counts.items():
        pipe.hset(keys.lines, str(sku_id), count)
        pipe.sadd(keys.selected, str(sku_id))
    pipe.execute()


def new_readers(count: int) -> list[int]:
    """Ids for fan-out readers (no user item needed)."""
    return [next(_readers) for _ in range(count)]


def seed_follows(follows: dict[int, list[int]]) -> None:
    """Author id -> new readers who follow them, written in batches (set-up only, for the reason above).

    The items are what the follow transaction writes: the relation, both counters and the reader's inbox head.
    """
    since_us = int(datetime.now(UTC).timestamp() * 1_000_000)
    followees: Counter[int] = Counter(reader for readers in follows.values() for reader in readers)
    with (
        RelationModel.batch_write() as relations_batch,
        StatsModel.batch_write() as stats_batch,
        InboxModel.batch_write() as heads,
    ):
        for author_id, readers in follows.items():
            for reader in readers:
                relation = RelationModel(
                    reader, author_id, follower_name=f"r{reader}", author_name=f"a{author_id}", since_us=since_us
                )
                relations_batch.save(relation)
        for reader, count in followees.items():
            stats_batch.save(StatsModel(reader, followers=0, followees=count))
            heads.save(InboxModel(reader, inbox.HEAD, unread_key=inbox.UNREAD_TOP))
    for author_id, readers in follows.items():
        StatsModel(author_id).update(actions=[StatsModel.followers.add(len(readers))])
