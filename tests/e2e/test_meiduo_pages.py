"""meiduo-style pages (tests/e2e/meiduo_pages: Vue 2 + axios, `withCredentials`, never a token) in headless Chromium.

The pages are what the meiduo mall's `front_end_pc` of the course edition is: static HTML on another origin of the
same site as the API (127.0.0.1:<pages> → 127.0.0.1:<api>), a `js/host.js` naming the API (the only file the test
serves differently), and a user kept logged in by the API's HttpOnly `sessionid` cookie, the page reading the
`username` cookie. The test types and clicks; the pages make the calls (tests/e2e/front_end_calls/meiduo*.py lists
them). The stack sends QQ's and Alipay's browser returns to these pages (conftest.py), and its local QQ and Alipay
stand-ins are real pages that the browser clicks through.

Besides the walk, what another site can do with the browser's cookie: ride it to add an address, log the browser
in to the attacker's account (login CSRF), or make it take a QQ callback the attacker started (bind CSRF).
"""

from __future__ import annotations

import html
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select

from devstack.redis_server import free_port
from tests.e2e.browser import WAIT_SECONDS, chromium, front_end_server, page_state, text, until
from tests.e2e.conftest import DEMO_PASSWORD, LocalStack

pytestmark = pytest.mark.e2e
T = TypeVar("T")
PAGES = Path(__file__).resolve().parent / "meiduo_pages"
VENDOR = PAGES / "js" / "vendor"
PASSWORD = "meiduo-pass-1"
NEW_PASSWORD = "meiduo-pass-2"
REMEMBERED_SECONDS = 14 * 86400


@dataclass
class Site:
    """The running pages: ours on 127.0.0.1, and an attacker's pages on a port no CORS setting names."""

    stack: LocalStack
    pages: str
    attacker_port: int

    def page(self, name: str) -> str:
        return f"{self.pages}/{name}"

    def attacker(self, host: str, name: str) -> str:
        return f"http://{host}:{self.attacker_port}/{name}"


@dataclass
class Account:
    username: str
    mobile: str
    password: str


@dataclass
class Sku:
    category_id: int
    sku_id: int
    name: str
    price: Decimal


@pytest.fixture(scope="module")
def site(stack: LocalStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    missing = [name for name in ("vue.min.js", "axios.min.js") if not (VENDOR / name).is_file()]
    if missing:
        pytest.fail(f"{VENDOR} lacks {missing}: `make test` fetches them (the Makefile's MEIDUO_JS rule)", False)
    attacker_port = free_port()
    host_js = {"/js/host.js": f"var host = '{stack.base_url}';\n"}  # what a deployment of the pages changes
    attacker = _attacker_pages(stack)
    with (
        front_end_server(stack.front_end_port, PAGES, host_js),
        front_end_server(attacker_port, tmp_path_factory.mktemp("attacker"), attacker),
    ):
        yield Site(stack, f"http://127.0.0.1:{stack.front_end_port}", attacker_port)


# --- driving the pages -------------------------------------------------------------------------------------------


def _at(path: str, element_id: str | None = None, expected: str | None = None) -> Callable[[Chrome], str | None]:
    """On the page at `path` (e.g. /index.html), showing `element_id`'s text (the expected one, when given)."""
    shows = text(element_id, expected) if element_id else None

    def probe(d: Chrome) -> str | None:
        if urlsplit(d.current_url).path != path:
            return None
        return shows(d) if shows else path

    return probe


def _hidden(element_id: str) -> Callable[[Chrome], bool]:
    return lambda d: not d.find_element(By.ID, element_id).is_displayed()


def _css(selector: str) -> Callable[[Chrome], WebElement | None]:
    def probe(d: Chrome) -> WebElement | None:
        found = d.find_elements(By.CSS_SELECTOR, selector)
        return found[0] if found and found[0].is_displayed() else None

    return probe


def _retype(field: WebElement, text: str) -> None:
    """Select what the input holds and type over it, then leave it (Tab), as a user does: the pages check a field
    on blur. (WebElement.clear() fires no input event, so Vue's v-model would put the old value back.)"""
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE, text, Keys.TAB)


def _type(driver: Chrome, element_id: str, text: str) -> None:
    _retype(until(driver, f"the input #{element_id}", lambda d: d.find_element(By.ID, element_id)), text)


def _click(driver: Chrome, element_id: str) -> None:
    until(driver, f"#{element_id} to click", _css(f"#{element_id}")).click()


def _choose(driver: Chrome, element_id: str, what: str) -> None:
    """Pick the first real option of a select once the page has filled it."""
    until(driver, what, lambda d: len(Select(d.find_element(By.ID, element_id)).options) > 1)
    Select(driver.find_element(By.ID, element_id)).select_by_index(1)


# --- the API, read directly only to check what the pages did -------------------------------------------------


def _with_cookie(stack: LocalStack, path: str, sid: str) -> tuple[int, dict[str, Any]]:
    """GET `path` with only a session cookie (what a stolen or ended cookie would get)."""
    request = urllib.request.Request(stack.base_url + path, headers={"Cookie": f"sessionid={sid}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _session_id(driver: Chrome) -> str:
    cookie = driver.get_cookie("sessionid")
    assert cookie is not None, f"no sessionid cookie for 127.0.0.1, {page_state(driver)}"
    return str(cookie["value"])


def _sms_code(stack: LocalStack, mobile: str) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = [m["code"] for m in stack.outbox("sms") if m["mobile"] == mobile]
        if found:
            return str(found[-1])
        time.sleep(0.3)
    pytest.fail(f"no SMS code for {mobile} in the outbox within {WAIT_SECONDS} s", False)


def _a_sku_in_stock(stack: LocalStack, at_least: int) -> Sku:
    """A SKU on the first list page of its category (as the list page asks for it) with stock to buy."""
    categories = stack.request("GET", "/categories/")[1]["categories"]
    leaves = [leaf["id"] for group in categories.values() for sub in group["sub_cats"] for leaf in sub["sub_cats"]]
    for category_id in leaves:
        listed = stack.request("GET", f"/list/{category_id}/skus/?page=1&page_size=5&ordering=-create_time")[1]
        for item in listed.get("list", []):
            if stack.request("GET", f"/skus/{item['id']}/")[1]["sku"]["stock"] >= at_least:
                return Sku(int(category_id), int(item["id"]), str(item["name"]), Decimal(item["price"]))
    pytest.fail("the demo catalogue has no SKU in stock", False)


def _new_mobile() -> str:
    return "136" + "".join(secrets.choice("0123456789") for _ in range(8))


# --- the shopper's walk --------------------------------------------------------------------------------------------


def _register(driver: Chrome, site: Site) -> Account:
    account = Account(f"md{secrets.token_hex(4)}", _new_mobile(), PASSWORD)
    driver.get(site.page("register.html"))
    # The page asks whether the username and the mobile are taken, on blur
    _type(driver, "username", "demo1")
    until(driver, "GET /usernames/demo1/count/ → 用户名已存在", text("username-error", "用户名已存在"))
    _type(driver, "username", account.username)
    until(driver, "a free username accepted", _hidden("username-error"))
    _type(driver, "mobile", "13900000001")
    until(driver, "GET /mobiles/13900000001/count/ → 手机号已存在", text("mobile-error", "手机号已存在"))
    _type(driver, "mobile", account.mobile)
    until(driver, "a free mobile accepted", _hidden("mobile-error"))
    _type(driver, "password", account.password)
    _type(driver, "password2", account.password)
    _click(driver, "send-sms")
    _type(driver, "sms-code", _sms_code(site.stack, account.mobile))
    _click(driver, "allow")
    _click(driver, "register-submit")
    what = "POST /register/ → index.html showing the username cookie"
    until(driver, what, _at("/index.html", "username", account.username), fail_on=("register-error",))
    cookie = driver.get_cookie("sessionid")
    assert cookie is not None and cookie["httpOnly"] and cookie.get("sameSite") == "Lax", cookie
    assert "sessionid" not in driver.execute_script("return document.cookie")  # HttpOnly: no script reads it
    return account


def _log_in(driver: Chrome, who: str, password: str, remembered: bool = True) -> None:
    """Fill the login page the browser is on and submit it."""
    _type(driver, "username", who)
    _type(driver, "password", password)
    box = until(driver, "the 记住登录 box", lambda d: d.find_element(By.ID, "remembered"))
    if box.is_selected() != remembered:
        box.click()
    _click(driver, "login-submit")


def _log_in_remembered(driver: Chrome, site: Site, account: Account) -> None:
    driver.get(site.page("login.html"))
    _log_in(driver, account.username, "not-the-password")
    until(driver, "a refused POST /login/ (400) → 用户名或密码错误", text("login-error", "用户名或密码错误"))
    _log_in(driver, account.username, account.password, remembered=True)
    what = "POST /login/ with remembered → index.html showing the username"
    until(driver, what, _at("/index.html", "username", account.username), fail_on=("login-error",))
    cookie = driver.get_cookie("sessionid")
    assert cookie is not None and "expiry" in cookie, f"a remembered login keeps a cookie 14 days: {cookie}"
    assert REMEMBERED_SECONDS - 3600 < int(cookie["expiry"]) - time.time() <= REMEMBERED_SECONDS + 60, cookie


def _shop(driver: Chrome, site: Site, sku: Sku) -> None:
    driver.get(site.page("index.html"))
    until(driver, "the home page's categories", _css(f'a.category[data-id="{sku.category_id}"]')).click()
    what = f"list.html: GET /list/{sku.category_id}/skus/ showing SKU {sku.sku_id}"
    link = until(driver, what, _css(f'#skus a.sku[data-id="{sku.sku_id}"]'), fail_on=("list-error",))
    until(driver, f"list.html: GET /hot/{sku.category_id}/ → hot_skus", _css("#hot-skus li"))
    assert driver.find_element(By.ID, "breadcrumb").text.count(">") == 2
    link.click()
    until(driver, "detail.html: GET /skus/{id}/", _at("/detail.html", "sku-name", sku.name), fail_on=("detail-error",))
    until(driver, "detail.html: GET /hot/{category_id}/ → hot_skus", _css("#hot-skus li"))
    _click(driver, "count-add")
    until(driver, "the count 2", lambda d: d.find_element(By.ID, "sku-count").get_attribute("value") == "2")
    _click(driver, "add-cart")
    message = until(driver, "POST /carts/ answered", text("cart-message"))
    assert message == "添加购物车成功", page_state(driver)
    until(driver, "GET /carts/simple/ → the header's count 2", text("cart-count", "2"))
    # The cart page: the line, then a new count typed in (PUT /carts/)
    driver.get(site.page("cart.html"))
    line = f'.cart-line[data-id="{sku.sku_id}"]'
    count = until(driver, "cart.html: GET /carts/ with the line", _css(f"{line} .line-count"), fail_on=("cart-error",))
    assert count.get_attribute("value") == "2"
    _retype(count, "3")
    amount = f"{sku.price * 3:.2f}"
    what = f"PUT /carts/ → cart_sku.amount {amount}"
    until(driver, what, lambda d: d.find_element(By.CSS_SELECTOR, f"{line} .amount").text == amount, ("cart-error",))


def _add_address(driver: Chrome, site: Site) -> int:
    driver.get(site.page("user_center_site.html"))
    _click(driver, "add-address")
    _type(driver, "receiver", "Shopper")
    _choose(driver, "province", "GET /areas/ → the provinces")
    _choose(driver, "city", "GET /areas/?area_id=<province> → its cities")
    _choose(driver, "district", "GET /areas/?area_id=<city> → its districts")
    _type(driver, "place", "1 Test Road")
    _type(driver, "address-mobile", "13700000000")
    _click(driver, "save-address")
    what = "POST /addresses/create/ → the new address listed as the default"
    item = until(driver, what, _css("#addresses li.address"), fail_on=("address-error",))
    assert item.find_elements(By.CSS_SELECTOR, ".default"), "the first address is the default"
    return int(item.get_attribute("data-id") or 0)


def _place_order(driver: Chrome, site: Site, sku: Sku, address_id: int) -> str:
    driver.get(site.page("cart.html"))
    until(driver, "cart.html's line", _css(f'.cart-line[data-id="{sku.sku_id}"]'))
    _click(driver, "settle")
    what = "place_order.html: GET /orders/settlement/ → the SKU"
    until(driver, what, _css(f'#order-skus li[data-id="{sku.sku_id}"]'), fail_on=("order-error",))
    radio = f"address-{address_id}"
    until(driver, "settlement's nowsite preselected", lambda d: d.find_element(By.ID, radio).is_selected())
    assert driver.find_element(By.ID, "pay-alipay").is_selected()
    assert driver.find_element(By.ID, "payment-amount").text == f"{sku.price * 3 + 10:.2f}"
    _click(driver, "order-submit")
    what = "POST /orders/commit/ {address_id, pay_method: 2} → order_success.html"
    return until(driver, what, _at("/order_success.html", "order-id"), fail_on=("order-error",))


def _pay(driver: Chrome, site: Site, order_id: str) -> None:
    _click(driver, "next-operate")
    what = f"GET /payment/{order_id}/ → the Alipay sandbox's cashier page"
    until(driver, what, _css("button[value=confirm]"), fail_on=("pay-error",)).click()
    what = "the sandbox's return to pay_success.html, which PUTs its query to /payment/status/"
    trade_id = until(driver, what, _at("/pay_success.html", "trade-id"), fail_on=("pay-error",))
    assert trade_id == parse_qs(urlsplit(driver.current_url).query)["trade_no"][0]
    status, order = _with_cookie(site.stack, f"/orders/{order_id}/", _session_id(driver))
    assert (status, order.get("status")) == (200, 2), order  # paid: 1 UNPAID → 2


def _user_centre(driver: Chrome, site: Site, account: Account, sku: Sku) -> None:
    driver.get(site.page("user_center_info.html"))
    what = "user_center_info.html: GET /info/"
    until(driver, what, text("info-username", account.username), fail_on=("info-error",))
    assert driver.find_element(By.ID, "info-mobile").text == account.mobile
    until(driver, "GET /browse_histories/ → the SKU seen", _css(f'#histories li[data-id="{sku.sku_id}"]'))


def _log_out(driver: Chrome, site: Site) -> None:
    sid = _session_id(driver)
    _click(driver, "logout")
    until(driver, "DELETE /logout/ → login.html", _at("/login.html"), fail_on=("info-error",))
    assert driver.get_cookie("sessionid") is None and driver.get_cookie("username") is None
    assert _with_cookie(site.stack, "/info/", sid)[0] == 401, "the ended session still works"
    driver.get(site.page("user_center_info.html"))
    # The page goes to the login page only on a 401 from GET /info/
    until(driver, "GET /info/ logged out → 401 → login.html?next=", _at("/login.html"), fail_on=("info-error",))
    assert parse_qs(urlsplit(driver.current_url).query)["next"] == ["/user_center_info.html"]


def _log_in_again(driver: Chrome, account: Account) -> None:
    """On the login page the user centre sent the browser to: the mobile as username, not remembered."""
    _log_in(driver, account.mobile, account.password, remembered=False)
    what = "POST /login/ (the mobile) → back to user_center_info.html"
    back = _at("/user_center_info.html", "info-username", account.username)
    until(driver, what, back, fail_on=("login-error", "info-error"))
    cookie = driver.get_cookie("sessionid")
    assert cookie is not None and "expiry" not in cookie, f"not remembered: a browser-session cookie: {cookie}"


def _change_password(driver: Chrome, site: Site, account: Account) -> None:
    sid = _session_id(driver)
    _click(driver, "nav-pass")
    _type(driver, "old-password", "not-the-password")
    _type(driver, "new-password", NEW_PASSWORD)
    _type(driver, "new-password2", NEW_PASSWORD)
    _click(driver, "change-password")
    until(driver, "PUT /password/ with a wrong old password refused", text("pass-error"))
    _type(driver, "old-password", account.password)
    _click(driver, "change-password")
    until(driver, "PUT /password/ → login.html", _at("/login.html"))
    assert _with_cookie(site.stack, "/info/", sid)[0] == 401, "the session from before the change still works"
    _log_in(driver, account.username, account.password)
    until(driver, "the old password refused", text("login-error", "用户名或密码错误"))
    account.password = NEW_PASSWORD
    _log_in(driver, account.username, account.password)
    until(driver, "the new password", _at("/index.html", "username", account.username), fail_on=("login-error",))


def test_a_shopper_registers_buys_pays_and_keeps_the_account_through_the_pages(site: Site, tmp_path: Path) -> None:
    sku = _a_sku_in_stock(site.stack, at_least=3)
    with chromium(tmp_path / "profile") as driver:
        account = _register(driver, site)
        _log_in_remembered(driver, site, account)
        _shop(driver, site, sku)
        address_id = _add_address(driver, site)
        order_id = _place_order(driver, site, sku, address_id)
        _pay(driver, site, order_id)
        _user_centre(driver, site, account, sku)
        _log_out(driver, site)
        _log_in_again(driver, account)
        _change_password(driver, site, account)


# --- QQ login ------------------------------------------------------------------------------------------------------


def _to_qq(driver: Chrome, site: Site) -> None:
    """login.html's QQ link: GET /qq/authorization/?next=/ and on to the login_url (the local QQ's page)."""
    driver.get(site.page("login.html"))
    _click(driver, "qq-login")
    what = "GET /qq/authorization/ → login_url, QQ's authorize page"
    until(driver, what, _css("input[name=custom_identity]"), fail_on=("login-error",))


def _approve_on_qq(driver: Chrome, identity: str) -> None:
    driver.find_element(By.CSS_SELECTOR, "input[name=custom_identity]").send_keys(identity)
    driver.find_element(By.CSS_SELECTOR, "button[value=approve]").click()


def _bind_form(driver: Chrome, what: str) -> None:
    until(driver, what, lambda d: d.find_element(By.ID, "bind-form").is_displayed(), fail_on=("callback-error",))


def test_qq_login_shows_the_bind_form_once_then_logs_straight_in(site: Site, tmp_path: Path) -> None:
    identity, mobile = f"qq-{secrets.token_hex(4)}", _new_mobile()
    with chromium(tmp_path / "profile") as driver:
        # An unbound QQ account: the callback page shows the bind form; mobile, password and SMS code bind it
        _to_qq(driver, site)
        _approve_on_qq(driver, identity)
        _bind_form(driver, "oauth_callback.html: GET /oauth_callback/?code= → code 300 → the bind form")
        _type(driver, "mobile", mobile)
        _type(driver, "password", PASSWORD)
        _click(driver, "send-sms")
        _type(driver, "sms-code", _sms_code(site.stack, mobile))
        _click(driver, "bind-submit")
        what = "POST /oauth_callback/ → logged in by cookie, on to next (/)"
        username = until(driver, what, _at("/", "username"), fail_on=("bind-error", "callback-error"))
        driver.get(site.page("user_center_info.html"))
        until(driver, "GET /info/ by the new session", text("info-mobile", mobile), fail_on=("info-error",))
        # Bound: the next QQ login goes straight in
        _click(driver, "logout")
        until(driver, "DELETE /logout/ → login.html", _at("/login.html"))
        _to_qq(driver, site)
        _approve_on_qq(driver, identity)
        what = "GET /oauth_callback/?code= → code 0, logged in, on to next (/)"
        until(driver, what, _at("/", "username", username), fail_on=("callback-error",))
        driver.get(site.page("user_center_info.html"))
        until(driver, "GET /info/ after the QQ login", text("info-username", username), fail_on=("info-error",))


def test_a_qq_callback_started_in_another_browser_is_refused(site: Site, tmp_path: Path) -> None:
    identity = f"evil-{secrets.token_hex(4)}"
    with chromium(tmp_path / "attacker") as attacker, chromium(tmp_path / "victim") as victim:
        # Given a callback URL (code and state) the attacker's browser obtained and did not spend
        _to_qq(attacker, site)
        attacker.execute_cdp_cmd("Network.enable", {})
        attacker.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [f"{site.stack.base_url}/oauth_callback/*"]})
        _approve_on_qq(attacker, identity)
        until(attacker, "the attacker's callback page, its API call blocked", text("callback-error"))
        callback_url = attacker.current_url
        assert {"code", "state"} <= set(parse_qs(urlsplit(callback_url).query)), callback_url
        # When the victim, logged in as demo3, is made to open it
        victim.get(site.page("login.html"))
        _log_in(victim, "demo3", DEMO_PASSWORD)
        until(victim, "demo3 logs in", _at("/index.html", "username", "demo3"), fail_on=("login-error",))
        victim.get(callback_url)
        # Then the API refuses it (no QQ login started in this browser): no bind form, still demo3
        error = until(victim, "GET /oauth_callback/?code=<the attacker's> refused", text("callback-error"))
        assert error.startswith("400"), page_state(victim)
        assert not victim.find_element(By.ID, "bind-form").is_displayed()
        victim.get(site.page("user_center_info.html"))
        until(victim, "the victim still demo3", text("info-username", "demo3"), fail_on=("info-error",))
        # And nothing was bound: the attacker's QQ account is still unbound
        attacker.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        _to_qq(attacker, site)
        _approve_on_qq(attacker, identity)
        _bind_form(attacker, "the attacker's QQ account still unbound (the bind form)")


# --- another site and the cookie -------------------------------------------------------------------------------


def _text_plain_json(action: str, fields: dict[str, Any]) -> str:
    """A form another site can post without a preflight, its text/plain body being JSON: `{..., "pad": "="}`."""
    prefix = json.dumps({**fields, "pad": ""})[:-2]  # the field's name `{..., "pad": "`, its value `"}`
    name, value = html.escape(prefix, quote=True), html.escape('"}', quote=True)
    return (
        f'<form id="form" method="post" action="{action}" enctype="text/plain">'
        f'<input type="hidden" name="{name}" value="{value}"><button id="go">Claim your prize</button></form>'
    )


def _attacker_pages(stack: LocalStack) -> dict[str, str]:
    """The attacker's site: a cookie-riding address (fetches and a form) and a login form for its own account."""
    province = stack.request("GET", "/areas/")[1]["province_list"][0]["id"]
    city = stack.request("GET", f"/areas/?area_id={province}")[1]["sub_data"]["subs"][0]["id"]
    district = stack.request("GET", f"/areas/?area_id={city}")[1]["sub_data"]["subs"][0]["id"]
    address = {"receiver": "CSRF", "province_id": province, "city_id": city, "district_id": district}
    address |= {"place": "1 Attacker Road", "mobile": "13700000000", "title": "CSRF"}
    create = f"{stack.base_url}/addresses/create/"
    ride = f"""<pre id="result"></pre><script>
const body = {json.dumps(json.dumps(address))};
async function ride(options) {{
  try {{
    const r = await fetch({json.dumps(create)}, {{method: 'POST', credentials: 'include', body: body, ...options}});
    return 'status ' + r.status;
  }} catch (e) {{ return 'blocked: ' + e.message; }}
}}
(async () => {{
  const result = {{
    json: await ride({{headers: {{'Content-Type': 'application/json'}}}}),
    text: await ride({{headers: {{'Content-Type': 'text/plain'}}}}),
    no_cors: await ride({{mode: 'no-cors', headers: {{'Content-Type': 'text/plain'}}}}),
  }};
  document.getElementById('result').textContent = JSON.stringify(result);
}})();
</script>"""
    login = {"username": "demo4", "password": DEMO_PASSWORD, "remembered": True}
    page = "<!doctype html><meta charset=utf-8><title>Win a prize</title>"
    return {
        "/ride_address.html": page + ride,
        "/address_form.html": page + _text_plain_json(create, address),
        "/login_form.html": page + _text_plain_json(f"{stack.base_url}/login/", login),
    }


def _navigation_status(driver: Chrome, site: Site) -> int:
    """The HTTP status of the API's answer the browser navigated to (a form post shows it as the page)."""
    until(driver, "the form's answer", lambda d: d.current_url.startswith(site.stack.base_url))
    return int(driver.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus"))


def _addresses(site: Site, sid: str) -> int:
    status, body = _with_cookie(site.stack, "/addresses/", sid)
    assert status == 200, body
    return len(body["addresses"])


def test_another_site_cannot_ride_the_session_cookie_to_add_an_address(site: Site, tmp_path: Path) -> None:
    with chromium(tmp_path / "profile") as driver:
        # Given the browser logged in on the shop's pages
        driver.get(site.page("login.html"))
        _log_in(driver, "demo2", DEMO_PASSWORD)
        until(driver, "demo2 logs in", _at("/index.html", "username", "demo2"), fail_on=("login-error",))
        sid = _session_id(driver)
        before = _addresses(site, sid)
        # When a page on another site (localhost) posts an address with the browser's credentials
        driver.get(site.attacker("localhost", "ride_address.html"))
        result = json.loads(until(driver, "the other site's fetches", text("result")))
        # Then the preflight of the JSON post is refused, and the Lax cookie does not leave the site
        assert result["json"].startswith("blocked"), result
        assert _addresses(site, sid) == before, result
        # When a page of the same site but an origin no setting allows does the same (there the cookie travels)
        driver.get(site.attacker("127.0.0.1", "ride_address.html"))
        result = json.loads(until(driver, "the unlisted origin's fetches", text("result")))
        driver.get(site.attacker("127.0.0.1", "address_form.html"))
        _click(driver, "go")
        status = _navigation_status(driver, site)
        # Then the API refuses the cookie's writes from it: 403, and still no address
        assert status == 403, f"a cookie-riding form post from an unlisted origin: {status}, {page_state(driver)}"
        assert _addresses(site, sid) == before, result


def test_another_site_cannot_log_the_browser_in(site: Site, tmp_path: Path) -> None:
    with chromium(tmp_path / "profile") as driver:
        # When a page on another site posts the attacker's credentials to /login/ in the victim's browser
        driver.get(site.attacker("localhost", "login_form.html"))
        _click(driver, "go")
        status = _navigation_status(driver, site)
        # Then the browser is not logged in: no session cookie, and the user centre sends it to the login page
        driver.get(site.page("user_center_info.html"))
        until(driver, "GET /info/ → 401 → login.html", _at("/login.html"), fail_on=("info-error",))
        assert driver.get_cookie("sessionid") is None and driver.get_cookie("username") is None
        assert status == 403, f"a cross-site login form post answered {status}, not 403"
