"""Every route, every method: malformed, mistyped and oversized input gets a 4xx, never a 5xx."""

from __future__ import annotations

import itertools
import re
import threading

import pytest

from chalicelib.core.clients import get_redis
from chalicelib.core.edges import is_generated
from chalicelib.core.errors import WrongSmsCode
from chalicelib.core.settings import get_settings
from chalicelib.users import codes
from chalicelib.users.service import code_policy
from tests.factories import call, make_user, unique_mobile

pytestmark = pytest.mark.usefixtures("services")

BODIES = [
    b"{not json",
    b"[]",
    b'"a string"',
    b'{"username": 5, "sku_id": "x", "count": "many", "email": [], "title": {}, "province_id": -1}',
    b'{"title": "' + b"x" * 70_000 + b'"}',
    b"\xff\xfe\xfd",
]
PATH_VALUES = ["x", "0", "-1", "%23", "a%7Cb", "9" * 64, "1"]


def _routes():
    from app import app

    # The generated preflights, 405s and 404 read no input (tests/unit/test_edges.py covers them).
    for path, methods in sorted(app.routes.items()):
        for method, entry in methods.items():
            if not is_generated(entry.view_function):
                yield path, method


def _concrete(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path) + "/"


@pytest.mark.parametrize(("path", "method"), list(_routes()))
def test_route_never_answers_5xx_to_bad_input(client, path, method):
    token = make_user()["token"]
    for value, raw, auth in itertools.product(PATH_VALUES, BODIES, (token, None)):
        status, body = call(client, method, _concrete(path, value), raw=raw, token=auth)
        assert status < 500 or path == "/health", (method, path, value, raw[:40], status, body)
        if status == 400:
            assert body["code"] in {"4003", "4006", "4007", "4008", "4009"} and body["errmsg"]


def test_a_code_is_spent_once_under_concurrency(services):
    # Given one issued code and eight registrations racing with it
    r, policy, mobile = get_redis(), code_policy(get_settings()), unique_mobile()
    code = codes.issue_code(r, mobile, "10.0.0.1", policy)
    wins: list[bool] = []
    barrier = threading.Barrier(8)

    def race() -> None:
        barrier.wait()
        try:
            codes.spend_code(r, mobile, codes.check_code(r, mobile, code, policy))
            wins.append(True)
        except WrongSmsCode:
            wins.append(False)

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then exactly one of them spent it
    assert sorted(wins) == [False] * 7 + [True]
