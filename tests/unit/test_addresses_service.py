"""Address use cases on an in-memory store: at most 20 live addresses, the first one is the default."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.addresses import service
from chalicelib.addresses.models import Address, AddressRequest
from chalicelib.core.errors import Conflict, NotFound

NOW = datetime(2024, 1, 1, tzinfo=UTC)
ALICE, BOB = 1, 2


@dataclass
class FakeAddresses:
    """Addresses, and each user's count and default, in dictionaries under the rules the DynamoDB writes check."""

    live: dict[tuple[int, int], Address] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)
    defaults: dict[int, int] = field(default_factory=dict)
    last_id: int = 0

    def create(self, user_id: int, values: dict[str, Any], limit: int) -> Address:
        # The transaction's condition: the user's count is below the limit; the default is set only if absent.
        if self.counts.get(user_id, 0) >= limit:
            raise Conflict(f"at most {limit} addresses")
        self.last_id += 1
        address = Address(user_id=user_id, address_id=self.last_id, updated_at=NOW, **values)
        self.live[(user_id, address.address_id)] = address
        self.counts[user_id] = self.counts.get(user_id, 0) + 1
        self.defaults.setdefault(user_id, address.address_id)
        return address

    def get(self, user_id: int, address_id: int) -> Address:
        if (user_id, address_id) not in self.live:
            raise NotFound("address not found")
        return self.live[(user_id, address_id)]

    def list_live(self, user_id: int) -> list[Address]:
        return [a for (owner, _), a in sorted(self.live.items()) if owner == user_id]

    def default_id(self, user_id: int) -> int | None:
        return self.defaults.get(user_id)

    def update(self, user_id: int, address_id: int, values: dict[str, Any]) -> None:
        self.live[(user_id, address_id)] = self.get(user_id, address_id)._replace(**values)

    def soft_delete(self, user_id: int, address_id: int) -> None:
        self.get(user_id, address_id)
        del self.live[(user_id, address_id)]
        self.counts[user_id] -= 1
        if self.defaults.get(user_id) == address_id:
            del self.defaults[user_id]

    def set_default(self, user_id: int, address_id: int) -> None:
        self.get(user_id, address_id)
        self.defaults[user_id] = address_id


def _names(province_id: int, city_id: int, district_id: int) -> dict[str, str]:
    return {"province": "广东省", "city": "广州市", "district": "天河区"}


def _request(receiver: str = "张三", **overrides: Any) -> AddressRequest:
    fields = {"receiver": receiver, "province_id": 440000, "city_id": 440100, "district_id": 440106}
    fields |= {"place": "体育西路 1 号", "mobile": "13800138000", **overrides}
    return AddressRequest.model_validate(fields)


def _add(store: FakeAddresses, user_id: int, receiver: str = "张三") -> dict[str, Any]:
    return service.create(user_id, _request(receiver), addresses=store, names=_names)


def test_the_twenty_first_address_is_refused_and_the_twenty_stay():
    store = FakeAddresses()
    for n in range(20):
        _add(store, ALICE, f"r{n}")
    with pytest.raises(Conflict):
        _add(store, ALICE, "one too many")
    listed = service.list_addresses(ALICE, addresses=store)
    assert len(listed["addresses"]) == 20 and listed["limit"] == 20
    assert "one too many" not in {a["receiver"] for a in listed["addresses"]}


def test_a_deleted_address_frees_its_slot():
    store = FakeAddresses()
    ids = [_add(store, ALICE, f"r{n}")["id"] for n in range(20)]
    service.delete(ALICE, ids[5], addresses=store)
    assert _add(store, ALICE, "in the freed slot")["receiver"] == "in the freed slot"


def test_the_first_address_becomes_the_default_and_later_ones_do_not():
    store = FakeAddresses()
    first, second = _add(store, ALICE)["id"], _add(store, ALICE)["id"]
    assert service.list_addresses(ALICE, addresses=store)["default_address_id"] == first
    service.set_default(ALICE, second, addresses=store)
    assert service.list_addresses(ALICE, addresses=store)["default_address_id"] == second


def test_an_address_takes_its_area_names_and_its_receiver_as_the_default_title():
    created = _add(FakeAddresses(), ALICE, "李雷")
    assert (created["province"], created["city"], created["district"]) == ("广东省", "广州市", "天河区")
    assert created["title"] == "李雷" and created["tel"] == "" and created["email"] == ""


def test_another_users_address_cannot_be_renamed_or_deleted():
    store = FakeAddresses()
    address_id = _add(store, ALICE)["id"]
    with pytest.raises(NotFound):
        service.set_title(BOB, address_id, "mine now", addresses=store)
    with pytest.raises(NotFound):
        service.delete(BOB, address_id, addresses=store)
    assert service.list_addresses(ALICE, addresses=store)["addresses"][0]["title"] == "张三"
