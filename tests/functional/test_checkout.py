"""Checkout: one BatchGetItem and one transaction, all or nothing, never oversold, idempotent by key (keyless:
test_checkout_keyless.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from chalicelib.cart.store import CartKeys, read_lines
from chalicelib.core.clients import get_redis
from chalicelib.core.errors import OutOfStock
from chalicelib.orders import checkout
from chalicelib.orders.models import Placed
from chalicelib.orders.requests import CommitRequest
from chalicelib.orders.tables import OrderModel
from tests.concurrency import at_once
from tests.counting import count_dynamodb, count_redis
from tests.factories import (
    auth,
    call,
    fill_cart,
    make_address,
    make_skus,
    make_user,
    spu_sales,
    stock_and_sales,
)

pytestmark = pytest.mark.usefixtures("services", "no_order_schedules_left")


def _buyer(skus: dict[int, int]) -> dict:
    user = make_user()
    user["address_id"] = make_address(user["id"])
    fill_cart(user["id"], skus)
    return user


def _commit(client, user, pay_method=2, key=None, address_id=None):
    headers = auth(user["token"]) | ({"Idempotency-Key": key} if key else {})
    body = {"address_id": address_id or user["address_id"], "pay_method": pay_method}
    response = client.http.request("POST", "/orders/commit/", headers=headers, body=json.dumps(body).encode())
    return response.status_code, json.loads(response.body)


def _no_schedule(placed: Placed) -> None:
    """Checkout's after-placed hook for direct service calls: these tests do not look at schedules."""


def _cart(user_id: int) -> dict[int, int]:
    return {line.sku_id: line.count for line in read_lines(get_redis(), CartKeys.for_user(user_id))}


def test_checkout_writes_the_order_moves_stock_and_sales_and_clears_the_ordered_lines(client, category):
    # Given two SKUs of one SPU in the cart, and an unselected third line
    a, b = make_skus(category, {"price": "10.50", "stock": 5}, {"price": "3.00", "stock": 5})
    (c,) = make_skus(category, {"stock": 5})
    user = _buyer({a: 2, b: 3})
    fill_cart(user["id"], {c: 1}, selected=False)
    before_spu = spu_sales(a)

    # When the user commits with Alipay
    status, body = _commit(client, user, pay_method=2)

    # Then the order is UNPAID with the seed's totals, stock and sales moved, the SPU counted once per unit
    assert status == 200, body
    order_id = body["order_id"]
    local = datetime.now(ZoneInfo("Asia/Shanghai"))
    assert order_id[:8] == f"{local:%Y%m%d}" and order_id[14:23] == f"{user['id']:09d}" and len(order_id) == 31
    order = call(client, "GET", f"/orders/{order_id}/", token=user["token"])[1]
    assert (order["status"], order["pay_method"], order["total_amount"], order["freight"]) == (1, 2, "30.00", "10.00")
    assert order["payment_amount"] == "40.00" and order["address"]["district"] == "天河区"
    assert [(s["sku_id"], s["price"], s["count"], s["amount"]) for s in order["skus"]] == [
        (a, "10.50", 2, "21.00"),
        (b, "3.00", 3, "9.00"),
    ]
    assert stock_and_sales(a) == (3, 2) and stock_and_sales(b) == (2, 3)
    assert spu_sales(a) == before_spu + 5
    assert _cart(user["id"]) == {c: 1}


def test_cash_on_delivery_is_unsend(client, category):
    (sku,) = make_skus(category, {"stock": 3})
    user = _buyer({sku: 1})
    status, body = _commit(client, user, pay_method=1)
    assert status == 200
    assert call(client, "GET", f"/orders/{body['order_id']}/", token=user["token"])[1]["status"] == 2


def test_checkout_leaves_everything_untouched_when_one_line_is_short(client, category):
    # Given a cart whose second line asks for more than the stock
    ok_sku, short_sku = make_skus(category, {"stock": 5}, {"stock": 1})
    user = _buyer({ok_sku: 2, short_sku: 2})
    before = (stock_and_sales(ok_sku), stock_and_sales(short_sku), spu_sales(ok_sku))

    # When the user commits
    status, body = _commit(client, user)

    # Then 409 names the short SKU, and no order, stock, sales or cart changed
    assert (status, body["code"], body["sku_ids"]) == (409, "5007", [short_sku])
    assert str(short_sku) in body["errmsg"]
    assert (stock_and_sales(ok_sku), stock_and_sales(short_sku), spu_sales(ok_sku)) == before
    assert list(OrderModel.query(user["id"])) == []
    assert _cart(user["id"]) == {ok_sku: 2, short_sku: 2}


def test_bad_selection_address_and_key_are_refused(client, category):
    (sku,) = make_skus(category, {"stock": 100})
    user = _buyer({})
    assert _commit(client, user)[1]["code"] == "4003"  # nothing selected
    fill_cart(user["id"], {sku: 1})
    other = make_user()
    other_address = make_address(other["id"])
    status, body = _commit(client, user, address_id=other_address)
    assert (status, body["code"]) == (404, "4404")
    status, body = _commit(client, user, key="not a key!")
    assert status == 400 and body["errors"][0]["field"] == "Idempotency-Key"
    status, body = _commit(client, user, pay_method=3)
    assert status == 400 and body["errors"][0]["field"] == "pay_method"
    fill_cart(user["id"], {10**9 + i: 1 for i in range(checkout.MAX_LINES)})
    status, body = _commit(client, user)
    assert status == 400 and "at most 48" in body["errors"][0]["message"]
    assert stock_and_sales(sku) == (100, 0)


def test_the_same_idempotency_key_answers_the_same_order_and_takes_stock_once(client, category):
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 2})
    first = _commit(client, user, key="order-abc_1")
    again = _commit(client, user, key="order-abc_1")  # the ordered lines have left the cart: still the order
    fill_cart(user["id"], {sku: 2})  # and with the cart refilled, the key still answers the first order
    second = _commit(client, user, key="order-abc_1")
    assert first[0] == again[0] == second[0] == 200
    assert first[1]["order_id"] == again[1]["order_id"] == second[1]["order_id"]
    assert stock_and_sales(sku) == (8, 2)
    assert len(list(OrderModel.query(user["id"]))) == 1


def test_racing_requests_with_one_key_place_one_order(category):
    # Given one cart and sixteen requests with the same key, released at once
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 3})
    req = CommitRequest(address_id=user["address_id"], pay_method=1)
    answers = at_once(
        checkout.commit, [(get_redis(), user["id"], req, "same-key", datetime.now(UTC), _no_schedule)] * 16
    )

    # Then every request answered the one order, and stock moved once
    assert len(answers) == 16 and len(set(answers)) == 1, answers
    assert stock_and_sales(sku) == (7, 3)
    assert [o.order_id for o in OrderModel.query(user["id"])] == answers[:1]


@pytest.mark.parametrize("lines", [1, 5, 20])
def test_checkout_costs_two_dynamodb_requests_and_two_redis_round_trips(client, category, lines):
    skus = make_skus(category, *[{"stock": 5}] * lines)
    user = _buyer(dict.fromkeys(skus, 1))
    with count_dynamodb() as dynamodb, count_redis() as trips:
        status, _ = _commit(client, user)
    assert status == 200
    assert dynamodb.operations == ["BatchGetItem", "TransactWriteItems"]
    assert [trip[0] for trip in trips.round_trips] == ["HGETALL", "HDEL"], trips.round_trips
    fill_cart(user["id"], dict.fromkeys(skus, 1))
    with count_dynamodb() as dynamodb, count_redis() as trips:
        status, _ = _commit(client, user, key=f"budget-{lines}")
    assert status == 200
    assert dynamodb.operations == ["GetItem", "BatchGetItem", "TransactWriteItems"]
    assert len(trips.round_trips) == 2


def test_sixty_buyers_for_twenty_units_make_exactly_twenty_orders(category):
    # Given a SKU with 20 units and 60 buyers with one unit each in their cart
    (sku,) = make_skus(category, {"stock": 20, "sales": 7})
    buyers = [_buyer({sku: 1}) for _ in range(60)]
    spu_before = spu_sales(sku)

    # When all of them check out at once
    def buy(user: dict) -> str:
        req = CommitRequest(address_id=user["address_id"], pay_method=1)
        return checkout.commit(get_redis(), user["id"], req, None, datetime.now(UTC), _no_schedule)

    results = dict(zip([u["id"] for u in buyers], at_once(buy, [(user,) for user in buyers]), strict=True))

    # Then exactly 20 orders exist, 40 heard "5007", stock is 0 and sales grew by 20; the losers keep their cart
    winners = [uid for uid, answer in results.items() if isinstance(answer, str)]
    losers = [uid for uid, answer in results.items() if isinstance(answer, OutOfStock) and answer.code == "5007"]
    assert (len(winners), len(losers)) == (20, 40)
    assert stock_and_sales(sku) == (0, 27) and spu_sales(sku) == spu_before + 20
    assert sum(len(list(OrderModel.query(uid))) for uid in winners + losers) == 20
    assert all(_cart(uid) == {sku: 1} for uid in losers) and all(_cart(uid) == {} for uid in winners)
