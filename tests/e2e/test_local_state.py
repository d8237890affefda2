"""`make run` keeps its state: a stopped and restarted stack on the same state directory still has the users, orders,
carts, stock and secrets of the last run; an edit to the app's code restarts the API alone, sessions intact."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devstack.redis_server import free_port
from devstack.subprocess_stack import ChildStack, child_env, start_child
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e
GUANGZHOU = {"province_id": 440000, "city_id": 440100, "district_id": 440106}
WAIT_SECONDS = 120  # a limit on waiting, not a measure: the test asserts what happens, never how fast


def call(base_url: str, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, dict[str, Any]]:
    """One JSON request to the stack; (status, body)."""
    headers = {"Content-Type": "application/json", **({"Authorization": f"JWT {token}"} if token else {})}
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base_url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def stacks() -> Iterator[list[ChildStack]]:
    """Stacks a test starts; any still running are stopped afterwards."""
    started: list[ChildStack] = []
    yield started
    for stack in started:
        stack.stop()


def _start(stacks: list[ChildStack], state: Path, log: Path, **extra: str) -> ChildStack:
    port = free_port()
    ports = {name: str(free_port()) for name in ("QQ_PORT", "ALIPAY_PORT", "CAPTCHA_PORT")}
    stack = start_child(port, child_env(port, {"DEVSTACK_STATE_DIR": str(state), **ports, **extra}), log)
    stacks.append(stack)
    return stack


def _log_in(base_url: str, password: str) -> str:
    status, body = call(base_url, "POST", "/authorizations/", {"username": "demo1", "password": password})
    assert status == 200, body
    return str(body["token"])


def _stock(base_url: str, sku_id: int) -> int:
    return int(call(base_url, "GET", f"/skus/{sku_id}/")[1]["sku"]["stock"])


@pytest.mark.timeout(600)
def test_a_restart_on_the_same_state_keeps_users_orders_carts_stock_and_tokens(stacks, tmp_path: Path):
    # Given a stack on a fresh state directory, where demo1 logs in with the password it made and orders SKU 1
    state = tmp_path / "state"
    first = _start(stacks, state, tmp_path / "first.log")
    password = json.loads((state / "secrets.json").read_text())["DEMO_PASSWORD"]
    token = _log_in(first.base_url, password)
    form = {"receiver": "张三", "place": "体育西路 1 号", "mobile": "13800138000", **GUANGZHOU}
    address = call(first.base_url, "POST", "/addresses/create/", form, token)[1]["address"]["id"]
    assert call(first.base_url, "POST", "/carts/", {"sku_id": 1, "count": 2}, token)[0] == 200
    status, placed = call(first.base_url, "POST", "/orders/commit/", {"address_id": address, "pay_method": 1}, token)
    assert status == 200, placed
    stock = _stock(first.base_url, 1)
    # and puts SKU 2 in the cart for later
    assert call(first.base_url, "POST", "/carts/", {"sku_id": 2, "count": 3}, token)[0] == 200

    # When the stack is stopped cleanly and started again on the same state directory
    assert first.stop() == 0
    second = _start(stacks, state, tmp_path / "second.log")

    # Then the old token still works, the order is there, the stock is what the order left, the cart is kept
    assert call(second.base_url, "GET", f"/orders/{placed['order_id']}/", token=token)[0] == 200
    assert _stock(second.base_url, 1) == stock
    cart = call(second.base_url, "GET", "/carts/", token=token)[1]["cart_skus"]
    assert [(line["id"], line["count"]) for line in cart] == [(2, 3)]
    # and the same password logs in again; the banner says the state was restored
    _log_in(second.base_url, password)
    _wait_for(second.log_path, f"kept in {state} (restored")


def _wait_for(log: Path, text: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while text not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"{text!r} never appeared in {log}"
        time.sleep(0.2)


def _wait_until_reloads_settle(log: Path) -> None:
    # A save seen while a reload runs makes one more: every reload begun must have ended before the request.
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        text = log.read_text(errors="replace")
        if text.count("; reloading the API and the pump") == text.count("the stores kept running"):
            return
        assert time.monotonic() < deadline, "a reload never ended"
        time.sleep(0.2)


@pytest.mark.timeout(600)
def test_an_edit_under_chalicelib_restarts_the_api_and_keeps_the_session(stacks, tmp_path: Path):
    # Given a stack that reloads on edits, and a logged-in user
    stack = _start(stacks, tmp_path / "state", tmp_path / "stack.log", DEVSTACK_RELOAD="1")
    password = json.loads((tmp_path / "state" / "secrets.json").read_text())["DEMO_PASSWORD"]
    token = _log_in(stack.base_url, password)

    # When a file under chalicelib/ is saved (its content unchanged: only its modification time moves), again
    # until a reload is logged: the watcher starts just after the stack answers, and may not be watching yet
    init = ROOT / "chalicelib" / "__init__.py"
    deadline = time.monotonic() + WAIT_SECONDS
    while "; reloading the API and the pump" not in stack.log_path.read_text(errors="replace"):
        assert time.monotonic() < deadline, "no reload was logged"
        init.touch()
        time.sleep(1)

    # Then the API process is restarted, the stores keep running, and the old token still works
    _wait_for(stack.log_path, "the stores kept running")
    _wait_until_reloads_settle(stack.log_path)
    assert stack.process.poll() is None
    status, body = call(stack.base_url, "GET", "/info/", token=token)
    assert (status, body["info_data"]["username"]) == (200, "demo1")
