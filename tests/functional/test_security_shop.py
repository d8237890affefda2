"""What an attacker tried on the shop: made-up anonymous cart ids, and banner links that lead off the site."""

from __future__ import annotations

import json
import secrets

import pytest

from chalicelib.cart.store import CartKeys
from tests.factories import PASSWORD, call, make_categories, make_skus, make_user

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture(scope="module")
def sku(services) -> int:
    return make_skus(make_categories()["cat3"], {"price": "5.00"})[0]


@pytest.fixture(scope="module")
def staff(services) -> str:
    return str(make_user(is_staff=True)["token"])


def _cart(client, method="GET", body=None, cart_id=None, cookie=None):
    headers = {"Content-Type": "application/json"}
    headers |= {"X-Cart-Id": cart_id} if cart_id else {}
    headers |= {"Cookie": f"cart_id={cookie}"} if cookie else {}
    payload = json.dumps(body).encode() if body else b""
    response = client.http.request(method, "/carts/", headers=headers, body=payload)
    return json.loads(response.body), response.headers


def _planted(redis_client, sku: int) -> str:
    """A cart stored under an id the server never issued, as an attacker would name one."""
    raw_id = secrets.token_hex(16)
    keys = CartKeys.for_anonymous(raw_id)
    redis_client.hset(keys.lines, sku, 7)
    redis_client.sadd(keys.selected, sku)
    return raw_id


def _forgeries(issued: str, planted: str) -> list[str]:
    raw_id, mac = issued.split(".")
    return [planted, f"{planted}.{mac}", f"{raw_id}.{mac[:-1]}{'0' if mac[-1] != '0' else '1'}", f"{raw_id}.", raw_id]


def test_a_made_up_or_tampered_cart_id_is_no_cart(client, sku, redis_client):
    # Given a cart the server issued, and a cart planted in Redis under an id it never issued
    issued = _cart(client, "POST", {"sku_id": sku, "count": 1})[0]["cart_id"]
    planted = _planted(redis_client, sku)

    # When a client presents the planted id, or the issued one tampered with, by header or by cookie
    for forged in _forgeries(issued, planted):
        for where in ({"cart_id": forged}, {"cookie": forged}):
            body, headers = _cart(client, **where)

            # Then it is no cart at all: nothing shown, no id echoed
            assert body["cart_skus"] == [] and "cart_id" not in body and "X-Cart-Id" not in headers, forged

    # And the genuine id still reads its own cart, by header and by cookie
    for where in ({"cart_id": issued}, {"cookie": issued}):
        assert [line["count"] for line in _cart(client, **where)[0]["cart_skus"]] == [1]


def test_a_write_with_a_made_up_cart_id_gets_a_new_signed_one(client, sku, redis_client):
    planted = _planted(redis_client, sku)
    body, headers = _cart(client, "POST", {"sku_id": sku, "count": 2}, cart_id=planted)
    raw_id, _, mac = body["cart_id"].partition(".")
    assert raw_id != planted and len(raw_id) == 32 and mac and headers["X-Cart-Id"] == body["cart_id"]
    assert f"cart_id={body['cart_id']};" in headers["Set-Cookie"]
    assert redis_client.hget(CartKeys.for_anonymous(planted).lines, sku) == "7"  # the planted cart is untouched
    assert [line["count"] for line in _cart(client, cart_id=body["cart_id"])[0]["cart_skus"]] == [2]


def test_an_x_cart_id_of_any_shape_is_ignored_never_refused(client, sku):
    # Given ids no pattern would pass: blank, long, not hex, not ASCII-safe for a cookie
    user = make_user()
    for odd in (" ", "x" * 4000, "not-a-cart-id", "a;b=c, d", "../../etc"):
        # When they come as X-Cart-Id to a read, a write and a login
        body, headers = _cart(client, cart_id=odd)
        written, _ = _cart(client, "POST", {"sku_id": sku, "count": 1}, cart_id=odd)
        login = client.http.request(
            "POST",
            "/authorizations/",
            headers={"Content-Type": "application/json", "X-Cart-Id": odd},
            body=json.dumps({"username": user["username"], "password": PASSWORD}).encode(),
        )

        # Then they name no cart: the read is empty, the write gets a new signed id, the login succeeds
        assert body["cart_skus"] == [] and "cart_id" not in body and "X-Cart-Id" not in headers, odd[:20]
        assert written["cart_id"] != odd and len(written["cart_id"]) == 65, odd[:20]
        assert login.status_code == 200 and "Set-Cookie" not in login.headers, odd[:20]


def test_a_login_token_is_not_a_cart_id(client, sku):
    token = make_user()["token"]
    body, _ = _cart(client, cart_id=token)
    assert body["cart_skus"] == [] and "cart_id" not in body


def test_logging_in_with_a_made_up_cart_id_merges_nothing(client, sku, redis_client):
    user, planted = make_user(), _planted(redis_client, sku)
    response = client.http.request(
        "POST",
        "/authorizations/",
        headers={"Content-Type": "application/json", "Cookie": f"cart_id={planted}", "X-Cart-Id": planted},
        body=json.dumps({"username": user["username"], "password": PASSWORD}).encode(),
    )
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert call(client, "GET", "/carts/", token=user["token"])[1]["cart_skus"] == []
    assert redis_client.exists(CartKeys.for_anonymous(planted).lines)


def test_the_cart_cookie_is_cross_site_over_https_and_lax_over_http(client, sku, settings):
    cookie = _cart(client, "POST", {"sku_id": sku, "count": 1})[1]["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    settings.public_url = "https://api.shop.example.com"
    cookie = _cart(client, "POST", {"sku_id": sku, "count": 1})[1]["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=None" in cookie and "Secure" in cookie


def test_a_write_renews_the_cookie_of_a_cart_it_renews(client, sku):
    issued = _cart(client, "POST", {"sku_id": sku, "count": 1})[0]["cart_id"]
    body, headers = _cart(client, "PUT", {"sku_id": sku, "count": 3}, cookie=issued)
    assert body["cart_id"] == issued and f"cart_id={issued};" in headers["Set-Cookie"] and body["count"] == 3
    assert "Set-Cookie" not in _cart(client, cookie=issued)[1]  # a read renews nothing


@pytest.mark.parametrize(
    "link",
    [
        "//another-site.example/x",
        "/\\another-site.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "http://evil.example/",
        "https://evil.example/",
        "https://www.luffycity.com@evil.example/",
        "data:text/html,<script>alert(1)</script>",
        "/ok\n//evil.example",
    ],
)
def test_a_banner_link_off_the_site_is_400_naming_link(client, staff, settings, link):
    settings.banner_link_hosts = "www.luffycity.com"
    body = {"title": "t", "image": "media/banner/a.png", "link": link, "orders": 1}
    status, answer = call(client, "POST", "/admin/banners/", body, token=staff)
    assert (status, [e["field"] for e in answer.get("errors", [])]) == (400, ["link"]), answer


@pytest.mark.parametrize("link", ["", "/free-course", "/course/detail/1?x=1#top", "https://www.luffycity.com/course/"])
def test_site_paths_and_https_links_to_allowed_hosts_are_kept(client, staff, settings, link):
    settings.banner_link_hosts = "www.luffycity.com"
    body = {"title": "t", "image": "media/banner/a.png", "link": link, "orders": 1, "is_show": False}
    status, answer = call(client, "POST", "/admin/banners/", body, token=staff)
    assert status == 201 and answer["banner"]["link"] == link
    call(client, "DELETE", f"/admin/banners/{answer['banner']['id']}/", token=staff)
