"""Headless Chromium (Debian's, driven by its own chromedriver), waits that name what they waited for, and a static
server for pages on another origin."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

T = TypeVar("T")

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FRONT_END = Path(__file__).resolve().parent / "front_end"
# Flags that run on a root shell without a display or GPU, and keep Chromium from calling home during the test.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
SCRIPT_TIMEOUT_SECONDS = 60
WAIT_SECONDS = 30


@contextmanager
def chromium(profile: Path, network_log: bool = False) -> Iterator[webdriver.Chrome]:
    """A headless Chromium on a new empty profile; fails (never skips) when the browser is not installed.
    `network_log`: DevTools' Network events in the "performance" log (requests with the headers really sent)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(f"{CHROMIUM} and {CHROMEDRIVER} are needed: run `make browser` (make test runs it)", pytrace=False)
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if network_log else {})})
    # An explicit driver path: Selenium Manager is never asked to find or download one.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(SCRIPT_TIMEOUT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


@contextmanager
def front_end_server(
    port: int,
    directory: Path = FRONT_END,
    files: Mapping[str, str] | None = None,
    proxies: Mapping[str, str] | None = None,
) -> Iterator[None]:
    """Serve `directory` (tests/e2e/front_end) on 127.0.0.1:port (reached as 127.0.0.1 and as localhost) until the
    block ends; `files` maps a URL path ("/js/host.js") to the text served there instead of a file, `proxies` a URL
    path to a URL whose answer a GET there gets (its query passed on): a local server that sends no CORS headers."""
    handler = functools.partial(
        _QuietHandler, directory=str(directory), files=dict(files or {}), proxies=dict(proxies or {})
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, files: dict[str, str], proxies: dict[str, str], **kwargs: Any) -> None:
        self.files, self.proxies = files, proxies
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path in self.proxies:
            self._forward(self.proxies[path] + (f"?{query}" if query else ""))
            return
        text = self.files.get(path)
        if text is None:
            super().do_GET()
            return
        body = text.encode("utf-8")
        self.send_response(200)
        kind = "text/javascript" if self.path.partition("?")[0].endswith(".js") else "text/html"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _forward(self, url: str) -> None:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:
                status, kind, body = answer.status, answer.headers.get("Content-Type", ""), answer.read()
        except urllib.error.HTTPError as error:
            status, kind, body = error.code, error.headers.get("Content-Type", ""), error.read()
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def call(
    driver: webdriver.Chrome, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """One fetch from the page (front_end.js `shop.call`): {status, body, cartId, requestId}, or {status: 0, error}."""
    script = "shop.call(arguments[0], arguments[1], arguments[2], arguments[3]).then(arguments[4]);"
    result: dict[str, Any] = driver.execute_async_script(script, method, path, body, headers or {})
    return result


def console_errors(driver: webdriver.Chrome) -> list[str]:
    """The page's console errors since the last read (CSP violations among them)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


class _PageError(Exception):
    """The page showed an error where the step expected its result."""


def page_state(driver: webdriver.Chrome) -> str:
    """Where the browser is and what it shows: the failure message of a step that did not happen."""
    try:
        errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error") if e.is_displayed() and e.text]
        text = driver.find_element(By.TAG_NAME, "body").text[:400]
    except Exception as exc:  # a half-loaded page: say so instead of hiding the step's failure
        errors, text = [], f"(unreadable: {exc})"
    return f"at {driver.current_url}\n  errors shown: {errors}\n  page: {text!r}\n  console: {console_errors(driver)}"


def until(
    driver: webdriver.Chrome,
    what: str,
    probe: Callable[[webdriver.Chrome], T | None],
    fail_on: tuple[str, ...] = (),
) -> T:
    """Wait until `probe` answers something truthy; fail naming `what` (at once when a `fail_on` error shows)."""

    def step(d: webdriver.Chrome) -> T | None:
        for element_id in fail_on:
            shown = d.find_elements(By.ID, element_id)
            if shown and shown[0].is_displayed() and shown[0].text:
                raise _PageError(shown[0].text)
        return probe(d)

    ignored = (NoSuchElementException, StaleElementReferenceException)
    try:
        found = WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=ignored).until(step)
    except _PageError as exc:
        pytest.fail(f"{what}: the page shows {str(exc)!r}, {page_state(driver)}", False)
    except TimeoutException:
        pytest.fail(f"{what}: not within {WAIT_SECONDS} s, {page_state(driver)}", False)
    assert found is not None  # `until` answers only what the probe found
    return found


def text(element_id: str, expected: str | None = None) -> Callable[[webdriver.Chrome], str | None]:
    """The text of a shown element (the expected one, when given)."""

    def probe(d: webdriver.Chrome) -> str | None:
        element = d.find_element(By.ID, element_id)
        shown = element.text.strip() if element.is_displayed() else ""
        return shown if shown and (expected is None or shown == expected) else None

    return probe
