"""The local server dies right after a checkout's transaction commits; a retry of the same request, no key: one order.

The stack runs on the test session's moto and Redis (so the data outlives the crash). A `sitecustomize` on the
first stack's PYTHONPATH makes the cart's line removal (the first step after the commit) end the server process
at once, as a killed Lambda ends: no answer, no clean-up. A second stack, without it, gets the retry.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chalicelib.orders.tables import OrderModel
from devstack.backends import Backends
from devstack.redis_server import free_port
from devstack.subprocess_stack import ChildStack, child_env, start_child
from tests.conftest import ROOT
from tests.factories import fill_cart, make_address, make_categories, make_skus, make_user, stock_and_sales

pytestmark = pytest.mark.e2e
_SHARED = ("AWS_ENDPOINT_URL", "REDIS_URL", "JWT_SECRET")
_CRASH = """
import os
import sys

sys.path.insert(0, {root!r})  # the project, whatever the process was started for

from chalicelib.cart import store


def _killed(*args, **kwargs):
    os._exit(137)  # what SIGKILL does: nothing after the commit runs, nothing answers


store.remove_lines = _killed
"""


@pytest.fixture
def stacks(services: Backends, tmp_path: Path) -> Iterator[list[ChildStack]]:
    """Stacks started by the test, all stopped afterwards."""
    started: list[ChildStack] = []
    yield started
    for stack in started:
        stack.stop()


def _start(stacks: list[ChildStack], tmp: Path, name: str, extra_path: Path | None = None) -> ChildStack:
    port = free_port()
    env = child_env(port, {"QQ_PORT": str(free_port()), "DEVSTACK_DEMO": "0"}, keep=_SHARED)
    if extra_path is not None:
        env["PYTHONPATH"] = str(extra_path)
    stack = start_child(port, env, tmp / f"{name}.log")
    stacks.append(stack)
    return stack


def _commit(stack: ChildStack, buyer: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    host, port = stack.base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    body = json.dumps({"address_id": buyer["address_id"], "pay_method": 1})
    headers = {"Content-Type": "application/json", "Authorization": f"JWT {buyer['token']}"}
    connection.request("POST", "/orders/commit/", body=body, headers=headers)
    response = connection.getresponse()
    return response.status, json.loads(response.read())


@pytest.mark.timeout(600)
def test_a_retry_after_the_server_died_past_the_commit_places_one_order(stacks, tmp_path: Path):
    # Given a buyer with 2 units in the cart, and a stack whose server dies right after a checkout commits
    (sku,) = make_skus(make_categories()["cat3"], {"stock": 10})
    buyer = make_user()
    buyer["address_id"] = make_address(buyer["id"])
    fill_cart(buyer["id"], {sku: 2})
    crash = tmp_path / "crash"
    crash.mkdir()
    (crash / "sitecustomize.py").write_text(_CRASH.format(root=str(ROOT)))
    doomed = _start(stacks, tmp_path, "doomed", crash)

    # When the checkout is sent: the connection drops with no answer, yet the order was committed
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _commit(doomed, buyer)
    (placed,) = [o.order_id for o in OrderModel.query(buyer["id"], consistent_read=True)]
    assert stock_and_sales(sku) == (8, 2)

    # And the front-end sends the same request again, without an Idempotency-Key, to a fresh stack
    status, body = _commit(_start(stacks, tmp_path, "restarted"), buyer)

    # Then it is answered the order already placed, and nothing was bought twice
    assert (status, body["order_id"]) == (200, placed)
    assert [o.order_id for o in OrderModel.query(buyer["id"], consistent_read=True)] == [placed]
    assert stock_and_sales(sku) == (8, 2)
