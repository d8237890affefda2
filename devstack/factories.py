"""Users, addresses and carts for tests and the benchmark, written through the app's repositories and stores.

Every user made here has its standing cached (chalicelib/users/accounts.py), as for a user who is browsing:
requests-per-operation figures then count the operation alone, since authorisation reads a user's standing once
per AUTH_CACHE_SECONDS per container, not per request. Catalogue items are in devstack/catalogue_factories.py.
"""

from __future__ import annotations

import itertools
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.addresses import repository as addresses
from chalicelib.addresses.repository import AddressModel
from chalicelib.cart import store
from chalicelib.cart.models import CartKeys
from chalicelib.core.auth import issue_token
from chalicelib.core.clients import get_redis
from chalicelib.core.passwords import hash_password
from chalicelib.core.storage import CounterModel
from chalicelib.users import accounts, repository
from chalicelib.users.repository import UniqueKeyModel, UserModel

PASSWORD = "correct-horse-1"  # noqa: S105  (the password of test and benchmark users)
# 广东省 / 广州市 / 天河区 in GB/T 2260.
GUANGZHOU = {"province_id": 440000, "city_id": 440100, "district_id": 440106}
ADDRESS: dict[str, Any] = {
    "title": "家",
    "receiver": "张三",
    "place": "体育西路 1 号",
    "mobile": "13800138000",
    "province": "广东省",
    "city": "广州市",
    "district": "天河区",
    **GUANGZHOU,
}
_seq = itertools.count(1)


@dataclass(frozen=True)
class User:
    """A stored user with a login token, and the id of its default address (0: none)."""

    id: int
    username: str
    mobile: str
    token: str
    address_id: int = 0


def unique_mobile() -> str:
    """A mobile number no other caller uses."""
    return f"13{random.randint(0, 9)}{next(_seq) % 10**4:04d}{random.randint(0, 9999):04d}"


def unique_username() -> str:
    """A valid username no other caller uses."""
    return f"u_{uuid.uuid4().hex[:12]}"


def make_user(is_staff: bool = False, with_address: bool = False) -> User:
    """A user stored as registration stores it (one transaction), with a token and its standing cached."""
    user = repository.create_user(unique_username(), unique_mobile(), hash_password(PASSWORD), is_staff=is_staff)
    user_id = int(user.user_id)
    accounts.standing(user_id)
    address_id = make_address(user_id) if with_address else 0
    return User(user_id, user.username, user.mobile, issue_token(user_id, user.username, is_staff), address_id)


def make_address(user_id: int) -> int:
    """An address of the user, stored as the address routes store it (the first becomes the default); its id."""
    return int(addresses.create(user_id, dict(ADDRESS), limit=20).address_id)


def take_ids(sequence: str, count: int) -> list[int]:
    """`count` ids of a named sequence with one `ADD` (the app's next_id takes them one at a time)."""
    counter = CounterModel(sequence)
    counter.update(actions=[CounterModel.value.add(count)])
    return list(range(int(counter.value) - count + 1, int(counter.value) + 1))


def make_users(count: int, with_address: bool = False) -> list[User]:
    """`count` users (with a default address when asked) written in batches, each with its standing cached.

    For hundreds of users: the items are those registration and address creation write, but moto copies
    every table a transaction touches, so hundreds of set-up transactions would take most of a run's time.
    """
    now, password = datetime.now(UTC), hash_password(PASSWORD)
    user_ids = take_ids("user", count)
    address_ids = take_ids("address", count) if with_address else [0] * count
    made = []
    with (
        UserModel.batch_write() as user_batch,
        UniqueKeyModel.batch_write() as key_batch,
        AddressModel.batch_write() as address_batch,
    ):
        for user_id, address_id in zip(user_ids, address_ids, strict=True):
            name, mobile = f"bulk_{user_id:06d}", f"150{user_id:08d}"
            item = UserModel(user_id, username=name, mobile=mobile, password_hash=password, created_at=now)
            if address_id:
                item.default_address_id, item.address_count = address_id, 1
                address_batch.save(AddressModel(user_id, address_id, updated_at=now, **ADDRESS))
            user_batch.save(item)
            key_batch.save(UniqueKeyModel(f"username#{name}", user_id=user_id))
            key_batch.save(UniqueKeyModel(f"mobile#{mobile}", user_id=user_id))
            made.append(User(user_id, name, mobile, issue_token(user_id, name), address_id))
    for user in made:
        accounts.standing(user.id)
    return made


def fill_cart(user_id: int, counts: dict[int, int], selected: bool = True) -> None:
    """Set lines of a user's cart through the cart store (one atomic write per line)."""
    keys, r = CartKeys.for_user(user_id), get_redis()
    for sku_id, count in counts.items():
        store.write_line(r, keys, sku_id, count, selected, add=False)


def empty_cart(user_id: int) -> None:
    """Remove every line of a user's cart through the cart store."""
    keys, r = CartKeys.for_user(user_id), get_redis()
    store.remove_lines(r, keys, [line.sku_id for line in store.read_lines(r, keys)])
