"""200 buyers check out at once against `python -m devstack`: no connection error, and stock, orders and 409s add up.

The stack runs on the test session's own moto and Redis (AWS_ENDPOINT_URL / REDIS_URL given, as a user may),
so the buyers, carts and addresses are written through the app's repositories before the burst.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devstack.redis_server import free_port
from tests.conftest import ROOT
from tests.factories import fill_cart, make_address, make_categories, make_skus, make_user, stock_and_sales
from tests.functional.conftest import services  # noqa: F401  (the session's moto and Redis)

pytestmark = pytest.mark.e2e
BUYERS, UNITS = 200, 150
_SHARED = ("AWS_ENDPOINT_URL", "REDIS_URL", "JWT_SECRET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


@pytest.fixture(scope="module")
def stack_url(services: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    """`python -m devstack` on a free port, using the session's backends; stopped with SIGINT afterwards."""
    port, tmp = free_port(), tmp_path_factory.mktemp("burst")
    env = {k: v for k, v in os.environ.items() if not k.startswith("POWERTOOLS_")}
    env.update({k: os.environ[k] for k in _SHARED if k in os.environ})
    env.update(PORT=str(port), QQ_PORT=str(free_port()), DEMO_PASSWORD="burst-demo-password", PYTHONUNBUFFERED="1")
    log = (tmp / "stack.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, process, tmp / "stack.log")
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
            log.close()


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(url + "/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the stack did not become healthy in time")


def test_200_concurrent_checkouts_get_answers_and_the_books_balance(stack_url: str):
    # Given one SKU with 150 units and 200 buyers with one unit of it in their cart and an address
    (sku,) = make_skus(make_categories()["cat3"], {"stock": UNITS})
    buyers = [make_user() for _ in range(BUYERS)]
    for buyer in buyers:
        buyer["address_id"] = make_address(buyer["id"])
        fill_cart(buyer["id"], {sku: 1})
    host, port = "127.0.0.1", int(stack_url.rsplit(":", 1)[1])
    barrier, answers, errors = threading.Barrier(BUYERS), [], []

    def buy(buyer: dict[str, Any]) -> None:
        body = json.dumps({"address_id": buyer["address_id"], "pay_method": 1})
        headers = {"Content-Type": "application/json", "Authorization": f"JWT {buyer['token']}"}
        barrier.wait()
        try:
            connection = http.client.HTTPConnection(host, port, timeout=120)
            connection.request("POST", "/orders/commit/", body=body, headers=headers)
            response = connection.getresponse()
            answers.append((response.status, json.loads(response.read())["code"]))
        except OSError as exc:  # reset or refused: what a short listen backlog does to a burst
            errors.append(repr(exc))

    # When all of them commit at once, each on its own connection
    threads = [threading.Thread(target=buy, args=(b,)) for b in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then every connection was answered: 150 orders, 50 refused for stock, and the stock is exactly used up
    assert errors == []
    assert Counter(answers) == Counter({(200, "0"): UNITS, (409, "5007"): BUYERS - UNITS})
    assert stock_and_sales(sku) == (0, UNITS)
