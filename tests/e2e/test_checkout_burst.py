"""200 buyers check out at once against `python -m devstack`: no connection error, and stock, orders and 409s add up.

The stack runs on the test session's own moto and Redis (AWS_ENDPOINT_URL / REDIS_URL given, as a user may),
so the buyers, carts and addresses are written through the app's repositories before the burst.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.orders.tables import OrderModel
from devstack.backends import Backends
from devstack.redis_server import free_port
from devstack.subprocess_stack import child_env, start_child
from tests.factories import fill_cart, make_address, make_categories, make_skus, make_user, stock_and_sales

pytestmark = pytest.mark.e2e
BUYERS, UNITS = 200, 150
_SHARED = ("AWS_ENDPOINT_URL", "REDIS_URL", "JWT_SECRET")


@pytest.fixture(scope="module")
def stack_url(services: Backends, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m devstack` on a free port, using the session's backends; stopped with SIGINT afterwards."""
    port, tmp = free_port(), tmp_path_factory.mktemp("burst")
    # No demo data: the session's other tests count what they load into these same tables.
    env = child_env(port, {"QQ_PORT": str(free_port()), "DEVSTACK_DEMO": "0"}, keep=_SHARED)
    child = start_child(port, env, tmp / "stack.log")
    try:
        yield child.base_url
    finally:
        child.stop()


@pytest.mark.timeout(900)
def test_200_concurrent_checkouts_get_answers_and_the_books_balance(stack_url: str):
    # Given one SKU with 150 units and 200 buyers with one unit of it in their cart and an address
    (sku,) = make_skus(make_categories()["cat3"], {"stock": UNITS})
    buyers = [make_user() for _ in range(BUYERS)]
    for buyer in buyers:
        buyer["address_id"] = make_address(buyer["id"])
        fill_cart(buyer["id"], {sku: 1})
    host, port = "127.0.0.1", int(stack_url.rsplit(":", 1)[1])
    barrier, answers, errors = threading.Barrier(BUYERS), {}, []

    def commit(buyer: dict[str, Any]) -> tuple[int, str]:
        body = json.dumps({"address_id": buyer["address_id"], "pay_method": 1})
        headers = {"Content-Type": "application/json", "Authorization": f"JWT {buyer['token']}"}
        # Generous: the burst queues on two cores behind one moto; the point is that nothing is dropped.
        connection = http.client.HTTPConnection(host, port, timeout=600)
        connection.request("POST", "/orders/commit/", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())["code"]

    def buy(buyer: dict[str, Any]) -> None:
        barrier.wait()
        try:
            answers[buyer["id"]] = commit(buyer)
        except OSError as exc:  # reset or refused: what a short listen backlog does to a burst
            errors.append(repr(exc))

    # When all of them commit at once, each on its own connection
    threads = [threading.Thread(target=buy, args=(b,)) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors[:3]
    # A 503 (a backing service too slow under the burst) says "retry": the same request, no key, is retried
    for buyer in buyers:
        for _ in range(5):
            if answers[buyer["id"]] != (503, "5030"):
                break
            answers[buyer["id"]] = commit(buyer)

    # Then every buyer got an answer: 150 orders, 50 refused for stock, one order at most each, stock used up
    assert Counter(answers.values()) == Counter({(200, "0"): UNITS, (409, "5007"): BUYERS - UNITS})
    assert stock_and_sales(sku) == (0, UNITS)
    assert sorted(len(list(OrderModel.query(b["id"]))) for b in buyers) == [0] * (BUYERS - UNITS) + [1] * UNITS
