"""A real browser: pages on other origins call the API as the course front-ends do, and the docs page calls it too.

Headless Chromium runs JavaScript that fetches with `credentials: "include"`, so CORS, the cart cookie and
`X-Cart-Id` are what a browser makes of them, not what a Python client sends. Each step's answer comes back to
Python and is asserted there; a refused preflight comes back as status 0 with the browser's error.
"""

from __future__ import annotations

import base64
import secrets
import struct
import time
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.browser import call, chromium, console_errors, front_end_server
from tests.e2e.conftest import DEMO_PASSWORD, LocalStack

pytestmark = pytest.mark.e2e
T = TypeVar("T")
PASSWORD = "browser-pass-1"


def _eventually(probe: Callable[[], T | None], what: str, seconds: float = 30) -> T:
    """Poll until `probe` finds something (queues and the pump are asynchronous); fail naming `what`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found is not None:
            return found
        time.sleep(0.3)
    pytest.fail(f"{what} did not happen within {seconds:.0f} s")


def _ok(answer: dict[str, Any], status: int = 200) -> dict[str, Any]:
    assert answer["status"] == status, answer
    return dict(answer["body"])


def _png(width: int, height: int) -> bytes:
    """A small opaque PNG of the given size, made here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xc0\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _open_front_end(driver: Any, stack: LocalStack, host: str) -> None:
    driver.get(f"http://{host}:{stack.front_end_port}/index.html?api={stack.base_url}")


def _a_sku_in_stock(driver: Any) -> int:
    categories = _ok(call(driver, "GET", "/categories/"))["categories"]
    leaves = [leaf["id"] for group in categories.values() for sub in group["sub_cats"] for leaf in sub["sub_cats"]]
    for category_id in leaves:
        for item in _ok(call(driver, "GET", f"/list/{category_id}/skus/?page=1&page_size=5"))["list"]:
            if _ok(call(driver, "GET", f"/skus/{item['id']}/"))["sku"]["stock"] > 0:
                return int(item["id"])
    pytest.fail("the demo catalogue has no SKU in stock")


def _register_and_log_in(driver: Any, stack: LocalStack) -> tuple[str, int]:
    mobile = "137" + "".join(secrets.choice("0123456789") for _ in range(8))
    _ok(call(driver, "GET", f"/sms_codes/{mobile}/"))
    code = _eventually(
        lambda: next((m["code"] for m in stack.outbox("sms") if m["mobile"] == mobile), None), "the SMS code"
    )
    # As the meiduo registration form sends it: the agreement box as the string "true".
    form = {"username": f"web{mobile[-8:]}", "password": PASSWORD, "password2": PASSWORD, "mobile": mobile}
    registered = _ok(call(driver, "POST", "/users/", {**form, "sms_code": code, "allow": "true"}), 201)
    assert registered["token"] and registered["username"] == form["username"]
    logged_in = _ok(call(driver, "POST", "/authorizations/", {"username": mobile, "password": PASSWORD}))
    return logged_in["token"], int(logged_in["user_id"])


def _check_out(driver: Any, auth: dict[str, str], sku_id: int) -> str:
    province = _ok(call(driver, "GET", "/areas/"))["province_list"][0]["id"]
    city = _ok(call(driver, "GET", f"/areas/?area_id={province}"))["sub_data"]["subs"][0]["id"]
    district = _ok(call(driver, "GET", f"/areas/?area_id={city}"))["sub_data"]["subs"][0]["id"]
    place = {"province_id": province, "city_id": city, "district_id": district, "place": "1 Test Road"}
    # Empty optional fields, as the address form sends them.
    form = {"receiver": "Browser", "mobile": "13700000000", "tel": "", "email": "", **place}
    address = _ok(call(driver, "POST", "/addresses/create/", form, auth), 201)["address"]
    context = _ok(call(driver, "GET", "/orders/settlement/", None, auth))["context"]
    assert context["default_address_id"] == address["id"]
    assert [s["id"] for s in context["skus"]] == [sku_id]
    key = {"Idempotency-Key": secrets.token_hex(8)}
    commit = {"address_id": address["id"], "pay_method": 1}
    order_id = str(_ok(call(driver, "POST", "/orders/commit/", commit, {**auth, **key}))["order_id"])
    assert [line["sku_id"] for line in _ok(call(driver, "GET", f"/orders/{order_id}/", None, auth))["skus"]] == [sku_id]
    assert _ok(call(driver, "GET", "/carts/", None, auth))["cart_skus"] == []
    return order_id


def _follow_publish_and_read(driver: Any, stack: LocalStack, auth: dict[str, str], user_id: int) -> None:
    demo1 = stack.request("POST", "/authorizations/", {"username": "demo1", "password": DEMO_PASSWORD})[1]
    follow = {"author_id": demo1["user_id"], "status": 0}
    assert _ok(call(driver, "PUT", "/article/focus/", follow, auth))["status"] == 1
    # demo2 follows the new author, so the article published below is pushed to a reader's inbox.
    demo2 = stack.request("POST", "/authorizations/", {"username": "demo2", "password": DEMO_PASSWORD})[1]["token"]
    assert stack.request("PUT", "/article/focus/", {"author_id": user_id, "status": 0}, demo2)[0] == 200
    draft = _ok(call(driver, "POST", "/article/", {"title": "From a browser", "content": "Hello."}, auth), 201)
    article_id = draft["article"]["id"]
    _ok(call(driver, "PATCH", f"/article/{article_id}/", None, auth))  # private draft → public, pushed
    assert _ok(call(driver, "GET", f"/article/{article_id}/retrieve/"))["title"] == "From a browser"

    def pushed_to_demo2() -> bool | None:
        results = stack.request("GET", "/timeline/?size=50", token=demo2)[1]["results"]
        return True if any(item["id"] == article_id for item in results) else None

    _eventually(pushed_to_demo2, "the push of the published article to a follower")
    seen: list[dict[str, Any]] = []

    def demo1_in_home_feed() -> bool | None:
        seen.extend(_ok(call(driver, "GET", "/push/article/?size=20", None, auth))["results"])
        return True if any(i["user"]["id"] == demo1["user_id"] and i["source"] == "follow" for i in seen) else None

    _eventually(demo1_in_home_feed, "demo1's articles in the home feed after the follow")


def _upload_and_show_an_image(driver: Any, auth: dict[str, str]) -> None:
    png = _png(3, 2)
    ask = {"purpose": "article", "content_type": "image/png", "size": len(png)}
    form = _ok(call(driver, "POST", "/uploads/", ask, auth))
    script = "shop.upload(arguments[0], arguments[1], 'image/png').then(arguments[2]);"
    posted = driver.execute_async_script(script, form, base64.b64encode(png).decode())
    assert posted["status"] in {200, 201, 204}, posted
    shown = driver.execute_async_script("shop.loadImage(arguments[0]).then(arguments[1]);", form["public_url"])
    assert shown == {"width": 3, "height": 2}


def test_a_front_end_on_the_same_site_shops_follows_publishes_and_uploads(stack: LocalStack, tmp_path):
    with front_end_server(stack.front_end_port), chromium(tmp_path / "profile") as driver:
        # Given the front-end on another origin of the same site (another port), so the Lax cart cookie travels
        _open_front_end(driver, stack, "127.0.0.1")
        sku_id = _a_sku_in_stock(driver)
        added = _ok(call(driver, "POST", "/carts/", {"sku_id": str(sku_id), "count": 2}))
        assert added["cart_id"] and added["cart_id"] == call(driver, "GET", "/carts/")["cartId"]
        assert [(s["id"], s["count"]) for s in _ok(call(driver, "GET", "/carts/"))["cart_skus"]] == [(sku_id, 2)]
        # When the user registers and logs in: the login's cookie hands the anonymous cart over
        token, user_id = _register_and_log_in(driver, stack)
        auth = {"Authorization": f"JWT {token}"}
        assert _ok(call(driver, "GET", "/info/", None, auth))["info_data"]["id"] == user_id
        assert [(s["id"], s["count"]) for s in _ok(call(driver, "GET", "/carts/", None, auth))["cart_skus"]] == [
            (sku_id, 2)
        ]
        _ok(call(driver, "POST", "/browse_histories/", {"sku_id": str(sku_id)}, auth))
        # Then checkout, the feed and an upload all work from the page
        _check_out(driver, auth, sku_id)
        _follow_publish_and_read(driver, stack, auth, user_id)
        _upload_and_show_an_image(driver, auth)
        assert console_errors(driver) == []


def test_a_front_end_on_another_site_keeps_its_cart_by_x_cart_id(stack: LocalStack, tmp_path):
    with front_end_server(stack.front_end_port), chromium(tmp_path / "profile") as driver:
        # Given a page on another site (localhost → 127.0.0.1): over plain http no cookie of the API travels
        _open_front_end(driver, stack, "localhost")
        sku_id = _a_sku_in_stock(driver)
        added = call(driver, "POST", "/carts/", {"sku_id": sku_id, "count": 1})
        assert added["status"] == 200 and added["cartId"], added
        assert _ok(call(driver, "GET", "/carts/"))["cart_skus"] == []
        # When it sends the id the API exposed as X-Cart-Id
        cart = _ok(call(driver, "GET", "/carts/", None, {"X-Cart-Id": added["cartId"]}))
        # Then it reads its cart
        assert [(s["id"], s["count"]) for s in cart["cart_skus"]] == [(sku_id, 1)]


def test_the_docs_page_calls_routes_through_swagger_ui_with_a_token(stack: LocalStack, tmp_path):
    token = stack.request("POST", "/authorizations/", {"username": "demo3", "password": DEMO_PASSWORD})[1]["token"]
    with chromium(tmp_path / "profile") as driver:
        driver.get(stack.base_url + "/")
        wait = WebDriverWait(driver, 30)
        _try_it_out(driver, wait, "operations-health-health_health")
        # Authorize with the token, then call a route that needs it
        wait.until(ready.element_to_be_clickable((By.CSS_SELECTOR, ".btn.authorize"))).click()
        driver.find_element(By.CSS_SELECTOR, ".modal-ux input[type=text]").send_keys(token)
        driver.find_element(By.CSS_SELECTOR, ".modal-ux .auth-btn-wrapper .authorize").click()
        driver.find_element(By.CSS_SELECTOR, ".modal-ux .btn-done").click()
        body = _try_it_out(driver, wait, "operations-users-users_user_info")
        assert '"username": "demo3"' in body
        assert console_errors(driver) == []
        # The token lives in the page only: nothing a later script on this origin or the next user reads keeps it
        stored = driver.execute_script("return JSON.stringify([localStorage, sessionStorage, document.cookie])")
        assert token not in stored


def _try_it_out(driver: Any, wait: WebDriverWait, operation: str) -> str:
    """Open an operation, Try it out, Execute; the response body shown, once it shows status 200."""
    block = wait.until(ready.presence_of_element_located((By.ID, operation)))
    block.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    wait.until(lambda _: block.find_element(By.CSS_SELECTOR, ".try-out__btn")).click()
    wait.until(lambda _: block.find_element(By.CSS_SELECTOR, ".btn.execute")).click()
    status = ".live-responses-table .response .response-col_status"
    wait.until(lambda _: block.find_elements(By.CSS_SELECTOR, status))
    assert block.find_element(By.CSS_SELECTOR, status).text.strip() == "200"
    return str(block.find_element(By.CSS_SELECTOR, ".live-responses-table .response-col_description pre").text)
