"""In-memory stand-ins for the orders repository and the cart store, holding DynamoOrders' conditional rules.

Every write is checked whole before anything changes, as one DynamoDB transaction is: stock never below zero,
all lines or none, one order per (user, key) while the key's guard lives (a derived key's for its window), cancel
only from an allowed status (freeing the order's derived key).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

import redis

from chalicelib.cart.models import CartState
from chalicelib.cart.store import CartKeys, Line
from chalicelib.core.errors import Conflict, NotFound, OutOfStock
from chalicelib.orders.models import Draft, KeyAlreadyUsed, Order, SkuForSale, Status
from chalicelib.orders.repository import KEY_TTL

# The real cart store wants a Redis client; the fake never touches it, and any use of this one raises.
NO_REDIS = cast(redis.Redis, object())
ADDRESS = {"receiver": "Li Lei", "province": "广东省", "city": "广州市", "district": "天河区", "place": "No. 1"}


@dataclass
class FakeOrders:
    """Orders, SKU stock and sales, and key guards in dictionaries; `calls` names every request made."""

    skus: dict[int, SkuForSale] = field(default_factory=dict)
    stock: dict[int, int] = field(default_factory=dict)
    sales: Counter[int] = field(default_factory=Counter)
    spu_sales: Counter[int] = field(default_factory=Counter)
    addresses: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    orders: dict[tuple[int, str], Order] = field(default_factory=dict)
    keys: dict[tuple[int, str], str] = field(default_factory=dict)
    key_expiry: dict[tuple[int, str], datetime] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def add_sku(self, sku_id: int, stock: int, price: str = "10.00", spu_id: int = 1) -> int:
        """A SKU on sale with `stock` units."""
        self.skus[sku_id] = SkuForSale(sku_id, spu_id, f"sku {sku_id}", f"/img/{sku_id}.jpg", Decimal(price))
        self.stock[sku_id] = stock
        return sku_id

    def add_address(self, user_id: int, address_id: int) -> int:
        """An address in the user's book."""
        self.addresses[(user_id, address_id)] = {"address_id": address_id, **ADDRESS, "mobile": "13800000000"}
        return address_id

    def checkout_inputs(
        self, user_id: int, address_id: int, sku_ids: list[int]
    ) -> tuple[dict[int, SkuForSale], dict[str, Any]]:
        self.calls.append("checkout_inputs")
        if (user_id, address_id) not in self.addresses:
            raise NotFound("address not found")
        return {i: self.skus[i] for i in sku_ids if i in self.skus}, dict(self.addresses[(user_id, address_id)])

    def order_for_key(self, user_id: int, key: str) -> str | None:
        self.calls.append("order_for_key")
        return self.keys.get((user_id, key))

    def place(self, draft: Draft, now: datetime) -> None:
        self.calls.append("place")
        if draft.key is not None and self._guarded(draft, now):
            raise KeyAlreadyUsed("this request already placed an order")
        short = [line.sku_id for line in draft.lines if self.stock.get(line.sku_id, 0) < line.count]
        if short:
            raise OutOfStock(f"stock insufficient: sku {', '.join(map(str, short))}", sku_ids=short)
        if (draft.user_id, draft.order_id) in self.orders:
            raise Conflict("order id taken, retry")
        order = Order(
            user_id=draft.user_id,
            order_id=draft.order_id,
            create_time=draft.create_time,
            status=draft.status,
            pay_method=draft.pay_method,
            total_count=sum(line.count for line in draft.lines),
            total_amount=draft.total_amount,
            freight=draft.freight,
            address=draft.address,
            lines=draft.lines,
            dedup_key=draft.key if draft.key_window is not None else None,
        )
        self.orders[(draft.user_id, draft.order_id)] = order
        if draft.key is not None:
            self.keys[(draft.user_id, draft.key)] = draft.order_id
            self.key_expiry[(draft.user_id, draft.key)] = now + (draft.key_window or KEY_TTL)
        self._move_stock(order, -1)

    def _guarded(self, draft: Draft, now: datetime) -> bool:
        # An Idempotency-Key's guard refuses while it exists; a derived key's only until its window has passed.
        guard = (draft.user_id, draft.key or "")
        if guard not in self.keys:
            return False
        return draft.key_window is None or self.key_expiry.get(guard, now) >= now

    def order_for_derived_key(self, user_id: int, key: str, now: datetime) -> str | None:
        self.calls.append("order_for_derived_key")
        guard = (user_id, key)
        return self.keys.get(guard) if guard in self.keys and self.key_expiry[guard] >= now else None

    def get(self, user_id: int, order_id: str) -> Order:
        self.calls.append("get")
        if (user_id, order_id) not in self.orders:
            raise NotFound("order not found")
        return self.orders[(user_id, order_id)]

    def newest(self, user_id: int, skip: int, take: int) -> tuple[int, list[Order]]:
        self.calls.append("newest")
        mine = sorted((o for (uid, _), o in self.orders.items() if uid == user_id), key=lambda o: o.order_id)
        return len(mine), mine[::-1][skip : skip + take]

    def cancel(self, order: Order, allowed: tuple[Status, ...]) -> None:
        self.calls.append("cancel")
        stored = self.orders.get((order.user_id, order.order_id))
        if stored is None or stored.status not in allowed:
            raise Conflict("the order cannot be cancelled in its state")
        self.orders[(order.user_id, order.order_id)] = stored._replace(status=Status.CANCELED)
        if order.dedup_key is not None:
            self.keys.pop((order.user_id, order.dedup_key), None)
        self._move_stock(order, +1)

    def pay(self, user_id: int, order_id: str) -> bool:
        self.calls.append("pay")
        stored = self.orders.get((user_id, order_id))
        if stored is None or stored.status != Status.UNPAID:
            return False
        self.orders[(user_id, order_id)] = stored._replace(status=Status.UNSEND)
        return True

    def unpaid_before(self, cutoff: datetime, limit: int) -> list[tuple[int, str]]:
        self.calls.append("unpaid_before")
        due = [key for key, o in self.orders.items() if o.status == Status.UNPAID and o.create_time < cutoff]
        return sorted(due, key=lambda key: self.orders[key].create_time)[:limit]

    def _move_stock(self, order: Order, sign: int) -> None:
        for line in order.lines:
            self.stock[line.sku_id] += sign * line.count
            self.sales[line.sku_id] -= sign * line.count
            self.spu_sales[line.spu_id] -= sign * line.count


@dataclass
class FakeCart:
    """The cart store's lines and version per cart key; `round_trips` names each call, one Redis round trip each.

    As the real store: the owner's changes (`fill`) replace the version, checkout's `remove_lines` keeps it.
    """

    carts: dict[str, dict[int, tuple[int, bool]]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    changes: int = 0
    round_trips: list[str] = field(default_factory=list)

    def fill(self, user_id: int, counts: dict[int, int], selected: bool = True) -> None:
        """Put lines in the user's cart, as the owner does (a new version)."""
        keys = CartKeys.for_user(user_id)
        cart = self.carts.setdefault(keys.lines, {})
        cart.update({sku_id: (count, selected) for sku_id, count in counts.items()})
        self.changes += 1
        self.versions[keys.version] = f"v{self.changes}"

    def lines(self, user_id: int) -> dict[int, int]:
        """sku → count of every line in the user's cart."""
        return {sku: count for sku, (count, _) in self.carts.get(CartKeys.for_user(user_id).lines, {}).items()}

    def read_cart(self, r: redis.Redis, keys: CartKeys) -> CartState:
        self.round_trips.append("read_cart")
        lines = [
            Line(sku, count, selected) for sku, (count, selected) in sorted(self.carts.get(keys.lines, {}).items())
        ]
        return CartState(lines, self.versions.get(keys.version))

    def remove_lines(self, r: redis.Redis, keys: CartKeys, sku_ids: list[int]) -> None:
        self.round_trips.append("remove_lines")
        for sku_id in sku_ids:
            self.carts.get(keys.lines, {}).pop(sku_id, None)
