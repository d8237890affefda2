"""Owner-only: user B tries every method on user A's addresses, cart, orders, tasks, drafts, timeline and sync cursor.

B always hears 403 or 404 (or, on its own lists, only its own data); no answer carries A's data; A's things are
unchanged afterwards.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.factories import (
    GUANGZHOU,
    call,
    drop_order_schedules,
    fill_cart,
    follow,
    make_address,
    make_article,
    make_categories,
    make_skus,
    make_user,
)
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services")


def _form(receiver: str) -> dict[str, Any]:
    return {"receiver": receiver, "place": f"{receiver} 路 1 号", "mobile": "13800138000", **GUANGZHOU}


@pytest.fixture(scope="module")
def owner(client) -> Any:
    """User A with an address, a cart line, an unpaid order, a flash-sale task, a draft and a timeline entry."""
    a, author, staff = make_user(), make_user(), make_user(is_staff=True)
    marker = f"secret{uuid.uuid4().hex[:10]}"
    status, body = call(client, "POST", "/addresses/create/", _form(marker), a["token"])
    assert status == 201, body
    a |= {"marker": marker, "address_id": body["address"]["id"]}
    (sku, sale_sku, cart_sku) = make_skus(make_categories()["cat3"], {"stock": 9}, {"stock": 9}, {"stock": 9})
    fill_cart(a["id"], {sku: 1})
    a["order_id"] = call(
        client, "POST", "/orders/commit/", {"address_id": a["address_id"], "pay_method": 2}, a["token"]
    )[1]["order_id"]
    fill_cart(a["id"], {cart_sku: 7})
    a["cart_sku"] = cart_sku
    call(client, "POST", f"/admin/sckill/{sale_sku}/", {"quantity": 3}, token=staff["token"])
    a["task_id"] = call(client, "POST", "/user/sckill/", {"sku_id": sale_sku}, a["token"])[1]["task_id"]
    a["article_id"] = make_article(client, a["token"], title=f"{marker} draft")["id"]
    make_article(client, author["token"], publish=True)
    follow(client, a["token"], author["id"])
    consume("feed-fanout", "feed_fanout_consumer", max_batches=50)
    yield a
    drop_order_schedules()


@pytest.fixture(scope="module")
def intruder(owner) -> dict[str, Any]:
    """User B, with an address and a selected cart line of its own, so B's requests get past input checks."""
    b = make_user()
    make_address(b["id"])
    fill_cart(b["id"], {owner["cart_sku"]: 1})
    return b


PUB_DATE = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
ATTEMPTS = [
    ("PUT", "/addresses/{address_id}/", _form("someone else")),
    ("DELETE", "/addresses/{address_id}/", None),
    ("PUT", "/addresses/{address_id}/default/", None),
    ("PUT", "/addresses/{address_id}/title/", {"title": "taken over"}),
    ("POST", "/orders/commit/", {"address_id": "{address_id}", "pay_method": 2}),
    ("GET", "/orders/{order_id}/", None),
    ("PUT", "/orders/{order_id}/cancel/", None),
    ("PUT", "/orders/{order_id}/pay/", None),
    ("GET", "/user/sckill/?task_id={task_id}", None),
    ("GET", "/article/{article_id}/retrieve/", None),
    ("PATCH", "/article/{article_id}/", None),
    ("PATCH", "/article/{article_id}/interval/", {"pub_date": PUB_DATE}),
]
OWN_LISTS = ["/addresses/", "/carts/", "/carts/simple/", "/orders/", "/orders/settlement/", "/timeline/"]


def _fill(value: Any, owner: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, owner) for key, item in value.items()}
    if value == "{address_id}":
        return owner["address_id"]
    return value.format(**owner) if isinstance(value, str) else value


def _leaks(body: Any, owner: dict[str, Any]) -> list[str]:
    text = json.dumps(body, ensure_ascii=False)
    return [value for value in (owner["marker"], owner["username"], owner["mobile"]) if value in text]


@pytest.mark.parametrize(("method", "path", "body"), ATTEMPTS, ids=[f"{m} {p}" for m, p, _ in ATTEMPTS])
def test_another_users_resource_is_403_or_404_and_never_shown(client, owner, intruder, method, path, body):
    for token in (intruder["token"], None):
        status, answer = call(client, method, _fill(path, owner), _fill(body, owner), token)
        assert status in ((403, 404) if token else (401, 404)), (status, answer)
        assert _leaks(answer, owner) == []


@pytest.mark.parametrize("path", OWN_LISTS)
def test_own_lists_show_only_the_callers_data(client, owner, intruder, path):
    status, answer = call(client, "GET", path, token=intruder["token"])
    assert status == 200 and _leaks(answer, owner) == []
    assert str(owner["order_id"]) not in json.dumps(answer) and owner["cart_sku"] not in _cart_counts(answer, 7)


def _cart_counts(answer: dict[str, Any], count: int) -> list[int]:
    return [line["id"] for line in answer.get("cart_skus", []) if line["count"] == count]


def test_cart_writes_by_another_user_touch_only_their_own_cart(client, owner, intruder):
    for method, body in [("PUT", {"sku_id": owner["cart_sku"], "count": 1}), ("DELETE", {"sku_id": owner["cart_sku"]})]:
        assert call(client, method, "/carts/", body, intruder["token"])[0] == 200
    assert call(client, "PUT", "/carts/selection/", {"selected": False}, intruder["token"])[0] == 200
    # A user id presented as an anonymous cart id names no user's cart
    response = client.http.get("/carts/", headers={"X-Cart-Id": f"{owner['id']:032d}"})
    assert json.loads(response.body)["cart_skus"] == []
    cart = call(client, "GET", "/carts/", token=owner["token"])[1]["cart_skus"]
    assert [(line["id"], line["count"], line["selected"]) for line in cart] == [(owner["cart_sku"], 7, True)]


def test_another_users_sync_neither_sees_nor_moves_the_owners_cursor(client, owner, intruder):
    status, answer = call(client, "GET", "/timeline/sync/", token=intruder["token"])
    assert status == 200 and answer["results"] == []
    mine = call(client, "GET", "/timeline/sync/", token=owner["token"])[1]
    assert [r["sequence_id"] for r in mine["results"]] == [1]


def test_the_owners_things_are_unchanged_after_every_attempt(client, owner, intruder):
    for method, path, body in ATTEMPTS:
        call(client, method, _fill(path, owner), _fill(body, owner), intruder["token"])
    token = owner["token"]
    addresses = call(client, "GET", "/addresses/", token=token)[1]
    assert [a["receiver"] for a in addresses["addresses"]] == [owner["marker"]]
    assert addresses["default_address_id"] == owner["address_id"]
    assert call(client, "GET", f"/orders/{owner['order_id']}/", token=token)[1]["status"] == 1
    article = call(client, "GET", f"/article/{owner['article_id']}/retrieve/", token=token)[1]
    assert article["status"] == "private"
    assert call(client, "GET", f"/user/sckill/?task_id={owner['task_id']}", token=token)[0] == 200
