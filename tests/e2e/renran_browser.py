"""Driving the renran-style pages (tests/e2e/renran_pages) in headless Chromium: waits that name what they waited
for, typing and clicking as a user does, the API read directly only to check what the pages did, and what the
browser really sent (DevTools' Network events: no cookie, the token as `jwt`)."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from tests.e2e.browser import WAIT_SECONDS, front_end_server, text, until
from tests.e2e.conftest import LocalStack

T = TypeVar("T")
PAGES = Path(__file__).resolve().parent / "renran_pages"
VENDOR = PAGES / "js" / "vendor"


@dataclass
class Site:
    """The running pages (on 127.0.0.1:<port>, an origin the stack's CORS allows) and the stack behind them."""

    stack: LocalStack
    pages: str

    def route(self, path: str) -> str:
        """The URL of a hash route of the app (`/writer` → http://127.0.0.1:<port>/#/writer)."""
        return f"{self.pages}/#{path}"


@dataclass
class Account:
    mobile: str
    password: str
    nickname: str


@contextmanager
def served(stack: LocalStack) -> Iterator[Site]:
    """The pages on the stack's front-end port (its CORS allows that origin) until the block ends."""
    missing = [name for name in ("vue.min.js", "vue-router.min.js", "axios.min.js") if not (VENDOR / name).is_file()]
    if missing:
        pytest.fail(f"{VENDOR} lacks {missing}: `make test` fetches them (the Makefile's MEIDUO_JS rule)", False)
    # What a deployment of the pages changes: the API's host (and the captcha app it was given)
    tc_captcha = f"{{app_id: '{stack.captcha_app_id}'}}"
    settings = {"/settings.js": f"var settings = {{Host: '{stack.base_url}', TC_captcha: {tc_captcha}}};\n"}
    # Tencent's script fetches its ticket from the stack's stand-in, which sends no CORS headers: through the server
    proxies = {"/tcaptcha/ticket": f"{stack.captcha_url}/ticket"}
    with front_end_server(stack.front_end_port, PAGES, settings, proxies):
        yield Site(stack, f"http://127.0.0.1:{stack.front_end_port}")


def route_of(url: str) -> str:
    """The hash route a URL shows (`http://h/#/login?redirect=…` → /login)."""
    return urlsplit(url).fragment.partition("?")[0]


def route_query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).fragment.partition("?")[2])


def at(route: str, element_id: str | None = None, expected: str | None = None) -> Callable[[Chrome], str | None]:
    """On the app's `route`, showing `element_id`'s text (the expected one, when given)."""
    shows = text(element_id, expected) if element_id else None

    def probe(d: Chrome) -> str | None:
        if route_of(d.current_url) != route:
            return None
        return shows(d) if shows else route

    return probe


def css(selector: str) -> Callable[[Chrome], WebElement | None]:
    """The first shown element the selector finds."""

    def probe(d: Chrome) -> WebElement | None:
        found = d.find_elements(By.CSS_SELECTOR, selector)
        return found[0] if found and found[0].is_displayed() else None

    return probe


def type_in(driver: Chrome, element_id: str, typed: str) -> None:
    """Select what the input holds and type over it, then leave it (Tab), as a user does (WebElement.clear() fires
    no input event, so Vue's v-model would put the old value back)."""
    field = until(driver, f"the input #{element_id}", css(f"#{element_id}"))
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE, typed, Keys.TAB)


def click(driver: Chrome, element_id: str) -> None:
    until(driver, f"#{element_id} to click", css(f"#{element_id}")).click()


def solve_captcha(driver: Chrome, what: str) -> None:
    """Tencent's puzzle opened by the page: the user solves it (the stand-in script's one button)."""
    until(driver, f"{what}: Tencent's captcha shown", css("#tcaptcha-solve")).click()


def log_in(driver: Chrome, site: Site, username: str, password: str, remember: bool = False) -> None:
    """The login view: the account, the captcha solved, then POST /users/login/."""
    driver.get(site.route("/login"))
    type_in(driver, "login-username", username)
    type_in(driver, "login-password", password)
    box = until(driver, "the 记住我 box", css("#login-remember"))
    if box.is_selected() != remember:
        box.click()
    click(driver, "login-submit")
    solve_captcha(driver, "the login")


def through_qq(driver: Chrome, site: Site, identity: str) -> None:
    """The login view's QQ button: GET /oauth/qq/ (a bare URL), QQ's page approved, back to qq_callback.html."""
    driver.get(site.route("/login"))
    click(driver, "qq-login")
    field = until(driver, "GET /oauth/qq/ → location = QQ's authorize page", css("input[name=custom_identity]"))
    field.send_keys(identity)
    driver.find_element(By.CSS_SELECTOR, "button[value=approve]").click()


def storage(driver: Chrome, kind: str, name: str) -> str | None:
    """An item of the page's localStorage or sessionStorage."""
    found = driver.execute_script(f"return window.{kind}.getItem(arguments[0]);", name)
    return None if found is None else str(found)


# --- the API, read directly only to set up or check what the pages did ---------------------------------------


def new_mobile() -> str:
    return "137" + "".join(secrets.choice("0123456789") for _ in range(8))


def api(stack: LocalStack, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    """One call as the renran pages make it (a token as `jwt`); the answer's JSON, a bare list or string included."""
    return stack.send(method, path, body, {"Authorization": f"jwt {token}"} if token else {})


def _waited(what: str, find: Callable[[], T | None]) -> T:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.3)
    pytest.fail(f"{what} not within {WAIT_SECONDS} s", False)


def sms_code(stack: LocalStack, mobile: str) -> str:
    """The last code the outbox holds for the mobile."""

    def find() -> str | None:
        codes = [str(m["code"]) for m in stack.outbox("sms") if m["mobile"] == mobile]
        return codes[-1] if codes else None

    return _waited(f"an SMS code for {mobile} in the outbox", find)


def mail_link(stack: LocalStack, to: str, subject: str) -> str:
    """The link of the last mail with this subject to this address."""

    def find() -> str | None:
        links = [str(m["verify_url"]) for m in stack.outbox("email") if m["to"] == to and m["subject"] == subject]
        return links[-1] if links else None

    return _waited(f"the mail {subject!r} to {to}", find)


def register_by_api(stack: LocalStack, nickname: str) -> Account:
    """An account made as renran's register page makes one (the captcha aside), its e-mail not yet verified."""
    account = Account(new_mobile(), f"renran-{secrets.token_hex(4)}", nickname)
    assert api(stack, "GET", f"/users/sms/{account.mobile}/")[0] == 200
    body = {"nickname": nickname, "mobile": account.mobile, "password": account.password}
    status, answer = api(stack, "POST", "/users/", {**body, "sms_code": sms_code(stack, account.mobile)})
    assert status == 201, answer
    return account


def token_of(stack: LocalStack, username: str, password: str) -> str:
    status, answer = api(stack, "POST", "/users/login/", {"username": username, "password": password})
    assert status == 200, answer
    return str(answer["token"])


# --- what the browser sent ------------------------------------------------------------------------------------


@dataclass
class Traffic:
    """The requests the browser sent, from the "performance" log's Network events (chromium(network_log=True)):
    by request id, the URL and method, and the headers as they went on the wire (cookies included)."""

    requests: dict[str, dict[str, Any]] = field(default_factory=dict)

    def read(self, driver: Chrome) -> None:
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.requestWillBeSent":
                request = params["request"]
                seen = self.requests.setdefault(params["requestId"], {})
                seen.update(url=request["url"], method=request["method"], headers=request["headers"])
            elif message["method"] == "Network.requestWillBeSentExtraInfo":
                self.requests.setdefault(params["requestId"], {})["sent"] = params.get("headers", {})

    def to(self, base_url: str) -> list[dict[str, Any]]:
        """The requests to this origin whose sent headers were seen."""
        return [r for r in self.requests.values() if str(r.get("url", "")).startswith(base_url + "/") and "sent" in r]


def sent_no_cookie(driver: Chrome, traffic: Traffic, site: Site) -> list[str]:
    """Check that no request to the API carried a Cookie and that the browser holds none; the Authorization
    headers sent (each `jwt <token>`), for the caller to check there were some."""
    traffic.read(driver)
    calls = traffic.to(site.stack.base_url)
    assert calls, "no request to the API was seen in the Network events"
    for call in calls:
        names = {name.lower() for name in call["sent"]}
        assert "cookie" not in names, f"{call['method']} {call['url']} sent a cookie: {call['sent']}"
    held = driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]
    assert held == [], f"the browser holds cookies: {held}"
    sent = [str(c["sent"][n]) for c in calls for n in c["sent"] if n.lower() == "authorization"]
    assert all(value.startswith("jwt ") for value in sent), sent
    return sent


def api_calls(traffic: Traffic, site: Site, path: str) -> list[str]:
    """The URLs of the requests sent to the API's `path` (query included), in the order seen."""
    return [str(r["url"]) for r in traffic.to(site.stack.base_url) if urlsplit(r["url"]).path == path]
