"""Cart in Redis: logged-in and anonymous carts, limits, round trips, the login merge, Redis down."""

from __future__ import annotations

import json
import os

import pytest

from chalicelib.cart import store
from chalicelib.cart.store import CartKeys
from chalicelib.core.clients import reset_clients
from tests.counting import count_redis
from tests.factories import PASSWORD, call, make_categories, make_skus, make_user

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture(scope="module")
def skus(services):
    category = make_categories()["cat3"]
    return make_skus(category, {"price": "10.50"}, {"price": "3.00"}, {"price": "99.99"})


def _anonymous(client, method, path, body=None, cart_id=None):
    headers = {"Content-Type": "application/json", **({"X-Cart-Id": cart_id} if cart_id else {})}
    response = client.http.request(method, path, headers=headers, body=json.dumps(body).encode() if body else b"")
    return response.status_code, json.loads(response.body), response.headers


def test_added_counts_accumulate_and_totals_use_selected_lines(client, skus):
    token = make_user()["token"]
    call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 2}, token=token)
    status, body = call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 1}, token=token)
    assert (status, body["count"]) == (200, 3)
    call(client, "POST", "/carts/", {"sku_id": skus[1], "count": 4, "selected": False}, token=token)
    cart = call(client, "GET", "/carts/", token=token)[1]
    assert [(i["id"], i["count"], i["selected"], i["amount"]) for i in cart["cart_skus"]] == [
        (skus[0], 3, True, "31.50"),
        (skus[1], 4, False, "12.00"),
    ]
    assert (cart["total_count"], cart["total_amount"]) == (3, "31.50")


def test_put_overwrites_delete_removes_and_selection_applies_to_all(client, skus):
    token = make_user()["token"]
    call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 2}, token=token)
    call(client, "POST", "/carts/", {"sku_id": skus[1], "count": 2}, token=token)
    status, body = call(client, "PUT", "/carts/", {"sku_id": skus[0], "count": 7, "selected": False}, token=token)
    assert status == 200 and body["cart_sku"]["count"] == 7 and body["cart_sku"]["price"] == "10.50"
    assert len(body["cart_sku"]) == 7 and all(body[name] == value for name, value in body["cart_sku"].items())
    call(client, "DELETE", "/carts/", {"sku_id": skus[1]}, token=token)
    call(client, "PUT", "/carts/selection/", {"selected": True}, token=token)
    cart = call(client, "GET", "/carts/", token=token)[1]
    assert [(i["id"], i["count"], i["selected"]) for i in cart["cart_skus"]] == [(skus[0], 7, True)]
    simple = call(client, "GET", "/carts/simple/", token=token)[1]
    assert simple["cart_skus"][0].keys() == {"id", "name", "count", "default_image_url"}


def test_limits_and_unknown_skus(client, skus, redis_client):
    user = make_user()
    status, body = call(client, "POST", "/carts/", {"sku_id": 987654321, "count": 1}, token=user["token"])
    assert (status, body["code"]) == (404, "4404")
    call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 999}, token=user["token"])
    status, body = call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 1}, token=user["token"])
    assert (status, body["code"]) == (409, "4409")
    redis_client.hset(f"carts_{user['id']}", mapping={str(10**9 + i): 1 for i in range(99)})
    status, body = call(client, "POST", "/carts/", {"sku_id": skus[1], "count": 1}, token=user["token"])
    assert (status, body["code"]) == (409, "4409")
    for bad in ({"sku_id": skus[0], "count": 0}, {"sku_id": skus[0], "count": 1000}, {"sku_id": "1.5", "count": 1}):
        assert call(client, "POST", "/carts/", bad, token=user["token"])[0] == 400


def test_each_cart_call_is_one_redis_round_trip(client, skus):
    token = make_user()["token"]
    with count_redis() as trips:
        call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 1}, token=token)
    assert len(trips.round_trips) == 1
    with count_redis() as trips:
        call(client, "GET", "/carts/", token=token)
    assert len(trips.round_trips) == 1


def test_anonymous_cart_gets_an_http_only_id_and_expires_in_a_day(client, skus, redis_client):
    status, body, headers = _anonymous(client, "POST", "/carts/", {"sku_id": skus[2], "count": 2})
    raw_id = body["cart_id"].split(".")[0]
    assert status == 200 and len(raw_id) == 32 and headers["X-Cart-Id"] == body["cart_id"]
    assert "HttpOnly" in headers["Set-Cookie"] and f"cart_id={body['cart_id']}" in headers["Set-Cookie"]
    assert 0 < redis_client.ttl(f"carts_anon_{raw_id}") <= 86400
    cart = _anonymous(client, "GET", "/carts/", cart_id=body["cart_id"])[1]
    assert [(i["id"], i["count"]) for i in cart["cart_skus"]] == [(skus[2], 2)]
    assert _anonymous(client, "GET", "/carts/")[1]["cart_skus"] == []
    assert _anonymous(client, "GET", "/carts/", cart_id="../not-an-id")[1]["cart_skus"] == []


def test_login_merges_the_anonymous_cart_by_the_seed_rule(client, skus, redis_client):
    # Given a user whose cart has sku0 x5 (selected) and sku1 x1 (selected)
    user = make_user()
    call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 5}, token=user["token"])
    call(client, "POST", "/carts/", {"sku_id": skus[1], "count": 1}, token=user["token"])
    # and an anonymous cart with sku0 x2 unselected and sku2 x3 selected
    cart_id = _anonymous(client, "POST", "/carts/", {"sku_id": skus[0], "count": 2, "selected": False})[1]["cart_id"]
    _anonymous(client, "POST", "/carts/", {"sku_id": skus[2], "count": 3}, cart_id=cart_id)

    # When the user logs in presenting that cart id
    response = client.http.request(
        "POST",
        "/authorizations/",
        headers={"Content-Type": "application/json", "Cookie": f"cart_id={cart_id}"},
        body=json.dumps({"username": user["username"], "password": PASSWORD}).encode(),
    )
    assert response.status_code == 200 and "Max-Age=0" in response.headers["Set-Cookie"]

    # Then anonymous counts overwrite, their selected state is carried, and the anonymous cart is gone
    cart = call(client, "GET", "/carts/", token=user["token"])[1]
    assert [(i["id"], i["count"], i["selected"]) for i in cart["cart_skus"]] == [
        (skus[0], 2, False),
        (skus[1], 1, True),
        (skus[2], 3, True),
    ]
    anonymous = CartKeys.for_anonymous(cart_id.split(".")[0])
    assert not redis_client.exists(anonymous.lines, anonymous.selected)


def test_cart_answers_503_when_redis_is_down(client, skus, settings):
    token = make_user()["token"]
    settings.redis_url = "redis://127.0.0.1:1/0"
    reset_clients()
    try:
        status, body = call(client, "GET", "/carts/", token=token)
        added = call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 1}, token=token)
    finally:
        settings.redis_url = os.environ["REDIS_URL"]
        reset_clients()
    assert (status, body["code"]) == (503, "5030")
    assert added[0] == 503


def test_another_users_cart_is_never_reachable(client, skus):
    owner, other = make_user(), make_user()
    call(client, "POST", "/carts/", {"sku_id": skus[0], "count": 1}, token=owner["token"])
    assert call(client, "GET", "/carts/", token=other["token"])[1]["cart_skus"] == []


def test_a_line_from_get_put_back_unchanged_is_accepted(client, skus):
    token = make_user()["token"]
    call(client, "POST", "/carts/", {"sku_id": skus[1], "count": 2}, token=token)
    (line,) = call(client, "GET", "/carts/", token=token)[1]["cart_skus"]
    status, body = call(client, "PUT", "/carts/", {**line, "count": 5}, token=token)
    assert status == 200 and (body["id"], body["count"], body["selected"]) == (skus[1], 5, True)
    status, again = call(client, "PUT", "/carts/", body, token=token)  # the PUT's own answer, too
    assert status == 200 and again["cart_sku"] == body["cart_sku"]


def test_every_change_by_the_owner_replaces_the_cart_version_and_clearing_an_order_keeps_it(client, skus, redis_client):
    # Keyless checkout keys its retries on this version (orders/dedup.py): a change that kept it would let an order
    # answer a cart filled again; a clearing that replaced it would turn a lost answer's retry into "cart empty".
    user = make_user()
    keys = CartKeys.for_user(user["id"])
    versions = [redis_client.get(keys.version)]

    def change(method: str, path: str, body: dict) -> None:
        assert call(client, method, path, body, token=user["token"])[0] == 200
        versions.append(redis_client.get(keys.version))

    change("POST", "/carts/", {"sku_id": skus[0], "count": 1})
    change("PUT", "/carts/", {"sku_id": skus[0], "count": 2, "selected": True})
    change("POST", "/carts/", {"sku_id": skus[1], "count": 1})
    change("PUT", "/carts/selection/", {"selected": False})
    change("DELETE", "/carts/", {"sku_id": skus[1]})
    cart_id = _anonymous(client, "POST", "/carts/", {"sku_id": skus[2], "count": 1})[1]["cart_id"]
    login = {"username": user["username"], "password": PASSWORD}
    headers = {"Content-Type": "application/json", "Cookie": f"cart_id={cart_id}"}
    assert (
        client.http.request("POST", "/authorizations/", headers=headers, body=json.dumps(login).encode()).status_code
        == 200
    )
    versions.append(redis_client.get(keys.version))

    assert versions[0] is None and None not in versions[1:] and len(set(versions)) == len(versions), versions
    assert not redis_client.exists(CartKeys.for_anonymous(cart_id.split(".")[0]).version)
    store.remove_lines(redis_client, keys, [skus[0], skus[2]])  # what checkout does with the lines it ordered
    assert redis_client.get(keys.version) == versions[-1] and store.read_cart(redis_client, keys).lines == []
