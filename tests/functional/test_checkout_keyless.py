"""Checkout without an Idempotency-Key: a retry answers its order, buying again is a new one, never a cancelled one.

The key is derived from the cart's version (orders/dedup.py): these tests go through the real cart store and the
orders table, the unit tests (tests/unit/test_checkout_dedup.py) through fakes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import redis

from chalicelib.cart import store
from chalicelib.cart.store import CartKeys, read_lines
from chalicelib.core.clients import get_redis
from chalicelib.orders import checkout
from chalicelib.orders.models import Placed
from chalicelib.orders.requests import CommitRequest
from chalicelib.orders.tables import OrderModel
from tests.concurrency import at_once
from tests.counting import count_dynamodb
from tests.factories import auth, call, fill_cart, make_address, make_skus, make_user, stock_and_sales

pytestmark = pytest.mark.usefixtures("services", "no_order_schedules_left")


def _buyer(skus: dict[int, int]) -> dict:
    user = make_user()
    user["address_id"] = make_address(user["id"])
    fill_cart(user["id"], skus)
    return user


def _commit(client, user, pay_method=2, key=None):
    headers = auth(user["token"]) | ({"Idempotency-Key": key} if key else {})
    body = {"address_id": user["address_id"], "pay_method": pay_method}
    response = client.http.request("POST", "/orders/commit/", headers=headers, body=json.dumps(body).encode())
    return response.status_code, json.loads(response.body)


def _no_schedule(placed: Placed) -> None:
    """Checkout's after-placed hook for direct service calls: these tests do not look at schedules."""


def _redis_fails(*_args: object) -> None:
    raise redis.ConnectionError("Redis went away while the ordered lines were being removed")


def _cart(user_id: int) -> dict[int, int]:
    return {line.sku_id: line.count for line in read_lines(get_redis(), CartKeys.for_user(user_id))}


def test_a_retry_without_a_key_after_the_answer_was_lost_places_one_order(client, category, monkeypatch):
    # Given a checkout whose request dies after its transaction committed, before the cart is cleared
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 2})

    def killed(*_args):
        raise RuntimeError("the process was killed here")

    with monkeypatch.context() as patch:
        patch.setattr(store, "remove_lines", killed)
        status, _ = _commit(client, user)
    assert status == 500 and _cart(user["id"]) == {sku: 2}  # no order id reached the client
    (placed,) = [o.order_id for o in OrderModel.query(user["id"])]

    # When the front-end sends the same request again, without an Idempotency-Key
    with count_dynamodb() as dynamodb:
        status, body = _commit(client, user)

    # Then it is answered the order already placed: one order, stock taken once, and now the cart is cleared
    assert (status, body["order_id"]) == (200, placed)
    assert [o.order_id for o in OrderModel.query(user["id"])] == [placed]
    assert stock_and_sales(sku) == (8, 2) and _cart(user["id"]) == {}
    assert dynamodb.operations == ["BatchGetItem", "TransactWriteItems", "GetItem"]


def test_a_retry_without_a_key_after_the_cart_was_cleared_answers_the_order_just_placed(client, category):
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 2})
    first = _commit(client, user)[1]["order_id"]
    with count_dynamodb() as dynamodb:
        status, body = _commit(client, user)
    assert (status, body["order_id"]) == (200, first) and dynamodb.operations == ["GetItem"]
    assert stock_and_sales(sku) == (8, 2) and len(list(OrderModel.query(user["id"]))) == 1
    status, body = _commit(client, user, pay_method=1)  # not the same request: the cart really is empty
    assert (status, body["errors"][0]["field"]) == (400, "cart")


def test_racing_requests_without_a_key_place_one_order(category):
    # Given one cart and sixteen identical keyless requests released at once (a double-clicking front-end)
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 3})
    req = CommitRequest(address_id=user["address_id"], pay_method=1)
    answers = at_once(checkout.commit, [(get_redis(), user["id"], req, None, datetime.now(UTC), _no_schedule)] * 16)

    # Then every one answered the one order, and stock moved once
    assert len(set(answers)) == 1 and all(isinstance(a, str) for a in answers), answers
    assert stock_and_sales(sku) == (7, 3) and [o.order_id for o in OrderModel.query(user["id"])] == answers[:1]


def test_buying_the_same_again_after_filling_the_cart_again_is_a_new_order_within_the_window(client, category):
    # Given a keyless order of 2 units, its lines cleared from the cart
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 2})
    first = _commit(client, user)[1]["order_id"]

    # When the user puts the very same line in the cart again, by the cart API, and commits the same body at once
    assert call(client, "POST", "/carts/", {"sku_id": sku, "count": 2}, token=user["token"])[0] == 200
    status, body = _commit(client, user)

    # Then it is a new order: stock taken twice, two orders, the cart cleared
    assert status == 200 and body["order_id"] != first
    assert stock_and_sales(sku) == (6, 4) and len(list(OrderModel.query(user["id"]))) == 2
    assert _cart(user["id"]) == {}
    # And the lost-answer retry of that second request answers the second order, nothing more
    assert _commit(client, user)[1]["order_id"] == body["order_id"] and stock_and_sales(sku) == (6, 4)


def test_a_cancelled_order_is_never_the_answer_of_a_retry(client, category):
    # Given a keyless order, cleared from the cart, then cancelled by its owner
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 2})
    first = _commit(client, user)[1]["order_id"]
    assert call(client, "PUT", f"/orders/{first}/cancel/", token=user["token"])[0] == 200

    # When the same request is sent again (the cart is empty, its version the one the order was placed from)
    status, body = _commit(client, user)

    # Then the answer is the empty cart, not the cancelled order, and the stock stays given back
    assert (status, body["errors"][0]["field"]) == (400, "cart")
    assert stock_and_sales(sku) == (10, 0) and len(list(OrderModel.query(user["id"]))) == 1


def test_a_retry_of_a_cancelled_order_whose_lines_stayed_in_the_cart_places_a_new_order(client, category, monkeypatch):
    # Given a keyless order whose lines stayed in the cart (Redis failed to clear them), then cancelled
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 2})
    with monkeypatch.context() as patch:
        patch.setattr(store, "remove_lines", _redis_fails)
        first = _commit(client, user)[1]["order_id"]
    assert _cart(user["id"]) == {sku: 2}
    assert call(client, "PUT", f"/orders/{first}/cancel/", token=user["token"])[0] == 200

    # When the same request is sent again against that same cart
    status, body = _commit(client, user)

    # Then the cancelled order is not the answer: what the cart shows is ordered anew
    assert status == 200 and body["order_id"] != first
    assert call(client, "GET", f"/orders/{body['order_id']}/", token=user["token"])[1]["status"] == 1
    assert stock_and_sales(sku) == (8, 2) and _cart(user["id"]) == {}


def test_a_new_idempotency_key_against_the_same_cart_state_is_a_new_order(client, category, monkeypatch):
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 1})
    with monkeypatch.context() as patch:
        patch.setattr(store, "remove_lines", _redis_fails)  # the lines stay: every request meets the same cart
        first = _commit(client, user)[1]["order_id"]
        assert _commit(client, user)[1]["order_id"] == first  # the same request, the same cart: its order
    second = _commit(client, user, key="buy-it-again")[1]["order_id"]  # a key names a new purchase
    assert second != first and stock_and_sales(sku) == (8, 2)


def test_the_same_request_after_the_window_is_a_new_order(category, monkeypatch):
    # The guard of a derived key stays in the table until TTL deletes it: past its window it must give way.
    # Given a cart whose lines are never cleared (Redis fails each time), so each request meets the same cart state
    (sku,) = make_skus(category, {"stock": 10})
    user = _buyer({sku: 1})
    monkeypatch.setattr(store, "remove_lines", _redis_fails)
    req, now = CommitRequest(address_id=user["address_id"], pay_method=1), datetime.now(UTC)
    first = checkout.commit(get_redis(), user["id"], req, None, now, _no_schedule)
    assert checkout.commit(get_redis(), user["id"], req, None, now + timedelta(seconds=599), _no_schedule) == first
    later = checkout.commit(get_redis(), user["id"], req, None, now + timedelta(seconds=601), _no_schedule)
    assert later != first and stock_and_sales(sku) == (8, 2)
