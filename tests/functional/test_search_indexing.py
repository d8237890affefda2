"""The stream indexers through moto's DynamoDB Streams, as Lambda feeds them, into the real local engine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.functions import articles_indexer, skus_indexer
from chalicelib.search import engine as engine_module
from chalicelib.search import indexer
from devstack.backends import Backends
from devstack.catalogue_factories import make_category, make_skus
from tests.factories import call, make_user
from tests.functional.search_helpers import han_word, latin_word, refresh
from tests.functional.streams import StreamFeed


class Counting:
    """The real engine, counting the bulk requests the indexer sends."""

    def __init__(self) -> None:
        self.real, self.bulks = engine_module.OpenSearchEngine(), 0

    def search(self, index: Any, body: dict[str, Any]) -> dict[str, Any]:
        return self.real.search(index, body)

    def bulk(self, lines: list[dict[str, Any]]) -> dict[str, Any]:
        self.bulks += 1
        return self.real.bulk(lines)

    def ensure_index(self, index: Any) -> bool:
        return self.real.ensure_index(index)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Counting:
    found = Counting()
    monkeypatch.setattr(indexer, "get_engine", lambda: found)
    return found


@pytest.fixture
def pump(services: Backends, counting: Counting) -> Iterator[Any]:
    """Reads both tables' streams from now on and hands each batch to its indexer function, as Lambda does."""
    feed = StreamFeed(services, skus_indexer, articles_indexer)

    def drain() -> None:
        feed.drain()
        refresh("skus")
        refresh("articles")

    drain.feed = feed  # type: ignore[attr-defined]
    yield drain


def _ids(client: Client, path: str) -> list[int]:
    response = client.http.get(path)
    assert response.status_code == 200, response.body
    body = response.json_body
    return [item["id"] for item in (body if isinstance(body, list) else body["results"])]


def test_a_new_sku_is_found_and_a_changed_price_is_what_search_shows(
    client: Client, pump: Any, counting: Counting
) -> None:
    word = han_word()
    [sku_id] = make_skus(make_category(), {"name": f"{word} 电视", "price": "1999.00"})
    pump()
    assert _ids(client, f"/search/?q={word}") == [sku_id]
    assert counting.bulks == 1, "one bulk request for the batch"

    staff = make_user(is_staff=True)
    status, _ = call(client, "PUT", f"/admin/skus/{sku_id}/", {"price": "1888.00"}, staff["token"])
    assert status == 200
    pump()

    [found] = client.http.get(f"/search/?q={word}").json_body
    assert found["price"] == "1888.00"


def test_an_off_sale_sku_leaves_search_and_comes_back_on_sale(client: Client, pump: Any) -> None:
    word = latin_word()
    [sku_id] = make_skus(make_category(), {"name": f"Xiaomi {word}"})
    staff = make_user(is_staff=True)["token"]
    pump()
    assert _ids(client, f"/search/?q={word}") == [sku_id]

    assert call(client, "PUT", f"/admin/skus/{sku_id}/", {"is_launched": False}, staff)[0] == 200
    pump()
    assert _ids(client, f"/search/?q={word}") == []

    assert call(client, "PUT", f"/admin/skus/{sku_id}/", {"is_launched": True}, staff)[0] == 200
    pump()
    assert _ids(client, f"/search/?q={word}") == [sku_id]


def test_stock_changes_send_nothing_to_the_engine(client: Client, pump: Any, counting: Counting) -> None:
    [sku_id] = make_skus(make_category(), {"name": han_word()})
    pump()
    before = counting.bulks

    staff = make_user(is_staff=True)["token"]
    assert call(client, "PUT", f"/admin/skus/{sku_id}/", {"stock": 3}, staff)[0] == 200
    pump()

    assert counting.bulks == before


def _write(client: Client, token: str, title: str, text: str) -> int:
    draft = {"title": title, "content": text, "html_content": f"<p>{text}</p>"}
    status, body = call(client, "POST", "/article/", draft, token)
    assert status == 201, body
    return int(body["article"]["id"])


def _toggle(client: Client, token: str, article_id: int) -> str:
    status, body = call(client, "PATCH", f"/article/{article_id}/", token=token)
    assert status == 200, body
    return str(body["article"]["status"])


def test_a_published_article_is_found_by_chinese_and_latin_words_and_vanishes_when_private(
    client: Client, pump: Any
) -> None:
    chinese, latin = han_word(), latin_word()
    token = make_user()["token"]
    article_id = _write(client, token, f"{chinese}游记", f"The {latin} trail, 山路很长")
    pump()
    assert _ids(client, f"/search/articles/?q={chinese}") == [], "a draft is not searchable"

    assert _toggle(client, token, article_id) == "public"
    pump()
    assert _ids(client, f"/search/articles/?q={chinese}") == [article_id]
    assert _ids(client, f"/search/articles/?q={latin.upper()}") == [article_id]

    assert _toggle(client, token, article_id) == "private"
    pump()
    assert _ids(client, f"/search/articles/?q={chinese}") == []


def test_a_stale_record_delivered_again_loses_to_the_newer_version(client: Client, pump: Any) -> None:
    word = han_word()
    [sku_id] = make_skus(make_category(), {"name": f"{word} 耳机", "price": "199.00"})
    pump()
    [created] = [e for e in pump.feed.delivered if str(sku_id) in str(e)]
    staff = make_user(is_staff=True)["token"]
    assert call(client, "PUT", f"/admin/skus/{sku_id}/", {"price": "99.00"}, staff)[0] == 200
    pump()

    # Given the first record again (a retried batch, a reindex that read the item early), after the newer one
    [answer] = pump.feed.replay([created])
    refresh("skus")

    assert answer == {"batchItemFailures": []}, "a version conflict is success: the engine holds something newer"
    assert [s["price"] for s in client.http.get(f"/search/?q={word}").json_body] == ["99.00"]


def test_an_edited_article_shows_its_new_title_and_the_old_one_finds_nothing(client: Client, pump: Any) -> None:
    old, new = han_word(), han_word()
    token = make_user()["token"]
    article_id = _write(client, token, f"{old}之旅", "正文")
    assert _toggle(client, token, article_id) == "public"
    edit = {"title": f"{new}之旅", "content": "正文", "html_content": "<p>正文</p>"}
    assert call(client, "PUT", f"/article/{article_id}/", edit, token)[0] == 200
    pump()

    assert _ids(client, f"/search/articles/?q={new}") == [article_id]
    assert _ids(client, f"/search/articles/?q={old}") == []
