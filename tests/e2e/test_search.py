"""Search through `make run`'s stack: the pump feeds the indexers from moto's streams into osmem-server."""

from __future__ import annotations

import random
import time
import urllib.parse
from collections.abc import Callable

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, LocalStack

pytestmark = pytest.mark.e2e
PATIENCE_SECONDS = 15.0  # a deadline, not a figure: freshness is measured by `make bench`


def _token(stack: LocalStack, username: str) -> str:
    status, body = stack.request("POST", "/authorizations/", {"username": username, "password": DEMO_PASSWORD})
    assert status == 200, body
    return str(body["token"])


def _eventually(check: Callable[[], bool], seen: Callable[[], object] = lambda: None) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not check():
        assert time.monotonic() < deadline, f"not so after {PATIENCE_SECONDS} s; last seen: {seen()}"
        time.sleep(0.1)


def _ids(stack: LocalStack, path: str, q: str) -> list[int]:
    status, body = stack.request("GET", f"{path}?q={urllib.parse.quote(q)}&page_size=50&size=50")
    assert status == 200, body
    return [item["id"] for item in (body if isinstance(body, list) else body["results"])]


def test_the_demo_catalogue_is_searchable_by_a_chinese_word_of_a_name(stack: LocalStack) -> None:
    status, body = stack.request("GET", "/skus/1/")
    assert status == 200
    assert "金色" in body["sku"]["name"]

    _eventually(lambda: 1 in _ids(stack, "/search/", "金色"))


def test_a_published_article_is_found_by_its_words_and_vanishes_when_made_private(stack: LocalStack) -> None:
    chinese = "".join(random.choice("东西南北山水火木金土日月星云风雨花草") for _ in range(5))
    latin = f"e2e{random.randrange(10**8)}"
    token = _token(stack, "demo3")
    draft = {"title": f"{chinese}游记", "content": f"{latin} 山路很长", "html_content": "<p>山路很长</p>"}
    status, body = stack.request("POST", "/article/", draft, token)
    assert status == 201, body
    article_id = body["article"]["id"]
    assert stack.request("PATCH", f"/article/{article_id}/", token=token)[0] == 200

    found = lambda: _ids(stack, "/search/articles/", chinese)  # noqa: E731
    _eventually(lambda: found() == [article_id], found)
    assert _ids(stack, "/search/articles/", latin.upper()) == [article_id]

    assert stack.request("PATCH", f"/article/{article_id}/", token=token)[0] == 200
    _eventually(lambda: found() == [], found)


def test_an_off_sale_sku_leaves_search_and_returns(stack: LocalStack) -> None:
    admin = _token(stack, "admin")
    status, body = stack.request("GET", "/skus/2/")
    assert status == 200
    word = body["sku"]["name"].split()[-2]  # its colour (深空灰色)
    _eventually(lambda: 2 in _ids(stack, "/search/", word))

    assert stack.request("PUT", "/admin/skus/2/", {"is_launched": False}, admin)[0] == 200
    _eventually(lambda: 2 not in _ids(stack, "/search/", word))
    assert stack.request("PUT", "/admin/skus/2/", {"is_launched": True}, admin)[0] == 200
    _eventually(lambda: 2 in _ids(stack, "/search/", word))
