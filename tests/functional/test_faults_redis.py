"""Redis stopped mid-run: 503 "5030" where Redis is the data or the guard, everything else keeps answering.

The cart's GET and POST are in test_cart.py, the banner fallback in test_banners.py and the visit count's
exact 404 in test_visits.py; this module sweeps the rest and checks that nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.orders.tables import OrderModel
from chalicelib.users import repository as users
from tests.factories import (
    PASSWORD,
    call,
    drop_order_schedules,
    fill_cart,
    make_address,
    make_categories,
    make_skus,
    make_user,
    stock_and_sales,
    unique_mobile,
    unique_username,
)
from tests.faults import redis_stopped

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture(scope="module")
def shop(client) -> Any:
    """A SKU, a buyer with an address and one placed order, made while Redis is up."""
    chain = make_categories()
    (sku,) = make_skus(chain["cat3"], {"stock": 10})
    buyer = make_user()
    buyer["address_id"] = make_address(buyer["id"])
    fill_cart(buyer["id"], {sku: 2})
    status, body = call(
        client, "POST", "/orders/commit/", {"address_id": buyer["address_id"], "pay_method": 2}, buyer["token"]
    )
    assert status == 200, body
    yield {"category": chain["cat3"], "sku": sku, "buyer": buyer, "order_id": body["order_id"]}
    drop_order_schedules()


# (method, path, body): paths name the module's shop fixture's values; bodies are built from it.
NEEDS_REDIS: list[tuple[str, str, Callable[[dict[str, Any]], Any]]] = [
    ("PUT", "/carts/", lambda shop: {"sku_id": shop["sku"], "count": 1}),
    ("GET", "/carts/simple/", lambda shop: None),
    ("GET", "/sms_codes/{mobile}/", lambda shop: None),
    ("POST", "/authorizations/", lambda shop: {"username": shop["buyer"]["username"], "password": PASSWORD}),
    ("POST", "/user/sckill/", lambda shop: {"sku_id": shop["sku"]}),
    ("GET", "/user/sckill/?task_id=" + "a" * 32, lambda shop: None),
    ("GET", "/orders/settlement/", lambda shop: None),
    ("GET", "/browse_histories/", lambda shop: None),
]
STILL_UP = [
    "/home/banner/",
    "/skus/{sku}/",
    "/orders/",
    "/orders/{order_id}/",
    "/categories/",
    "/list/{category}/skus/",
    "/hot/{category}/",
    "/areas/?area_id=440000",
    "/info/",
    "/addresses/",
    "/article/hot/",
    "/timeline/",
]


def _path(template: str, shop: dict[str, Any]) -> str:
    return template.format(
        sku=shop["sku"], category=shop["category"], order_id=shop["order_id"], mobile=unique_mobile()
    )


@pytest.mark.parametrize(("method", "path", "body"), NEEDS_REDIS, ids=[f"{m} {p}" for m, p, _ in NEEDS_REDIS])
def test_what_needs_redis_answers_503_5030(client, shop, method, path, body):
    with redis_stopped():
        status, answer = call(client, method, _path(path, shop), body(shop), shop["buyer"]["token"])
    assert (status, answer["code"]) == (503, "5030")
    assert "Traceback" not in str(answer)


@pytest.mark.parametrize("path", STILL_UP)
def test_what_does_not_need_redis_keeps_answering(client, shop, path):
    with redis_stopped():
        status, answer = call(client, "GET", _path(path, shop), token=shop["buyer"]["token"])
    assert (status, answer["code"]) == (200, "0"), answer


def test_visits_are_still_counted_and_orders_still_paid(client, shop):
    with redis_stopped():
        visit = call(client, "POST", f"/detail/visit/{shop['category']}/")
        paid = call(client, "PUT", f"/orders/{shop['order_id']}/pay/", token=shop["buyer"]["token"])
    assert visit[0] == 200 and paid[0] == 200 and paid[1]["status"] == 2


def test_checkout_with_redis_down_changes_no_stock_and_places_no_order(client, shop):
    # Given a buyer with one selected line of 3 units
    buyer = make_user()
    address_id = make_address(buyer["id"])
    (sku,) = make_skus(shop["category"], {"stock": 5})
    fill_cart(buyer["id"], {sku: 3})

    # When Redis goes down before the checkout
    with redis_stopped():
        status, body = call(
            client, "POST", "/orders/commit/", {"address_id": address_id, "pay_method": 2}, buyer["token"]
        )

    # Then 503, the stock is untouched, no order exists, and the cart is intact once Redis is back
    assert (status, body["code"]) == (503, "5030")
    assert stock_and_sales(sku) == (5, 0)
    assert list(OrderModel.query(buyer["id"])) == []
    cart = call(client, "GET", "/carts/", token=buyer["token"])[1]
    assert [(line["id"], line["count"]) for line in cart["cart_skus"]] == [(sku, 3)]


def test_registration_with_redis_down_creates_no_user(client):
    username, mobile = unique_username(), unique_mobile()
    form = {"username": username, "password": PASSWORD, "password2": PASSWORD, "mobile": mobile}
    with redis_stopped():
        status, body = call(client, "POST", "/users/", form | {"sms_code": "123456", "allow": True})
    assert (status, body["code"]) == (503, "5030")
    assert not users.username_taken(username) and not users.mobile_taken(mobile)
