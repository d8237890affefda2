"""GET /search/ and GET /search/articles/ against the real local engine (osmem-server), fed by a rebuild."""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from chalicelib.search import reindex
from chalicelib.search.engine import client as engine_client
from devstack.catalogue_factories import make_category, make_skus
from tests.factories import call, make_user
from tests.functional.search_helpers import han_word, latin_word, refresh


def _get(client: Client, path: str) -> tuple[int, Any]:
    response = client.http.get(path)
    return response.status_code, response.json_body


def _index_skus() -> None:
    reindex.rebuild("skus")
    refresh("skus")


def test_meiduo_search_answers_the_bare_list_of_matching_skus(client: Client) -> None:
    word, other = han_word(), latin_word()
    make_skus(make_category(), {"name": f"{word} {other} 手机", "price": "3388.00"}, {"name": f"{word} 平板"})
    _index_skus()

    status, body = _get(client, f"/search/?q={word}&page=1&page_size=1")

    assert status == 200
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"id", "name", "price", "default_image_url", "searchkey", "page_size", "count"}
    assert body[0]["searchkey"] == word and body[0]["count"] == 2 and body[0]["page_size"] == 2
    assert body[0]["default_image_url"].startswith("https://")


def test_a_latin_word_finds_its_sku_whatever_its_case(client: Client) -> None:
    word = latin_word()
    [sku_id] = make_skus(make_category(), {"name": f"Apple iPhone {word.upper()} 金色", "price": "6499.00"})
    _index_skus()

    status, body = _get(client, f"/search/?q={word}")

    assert status == 200
    assert [(s["id"], s["price"]) for s in body] == [(sku_id, "6499.00")]


def test_a_page_past_the_end_is_an_empty_list(client: Client) -> None:
    word = han_word()
    make_skus(make_category(), {"name": f"{word}商品"})
    _index_skus()

    assert _get(client, f"/search/?q={word}&page=5") == (200, [])


@pytest.mark.parametrize(
    "query", ["", "q=", "q=%20%20", "q=" + "长" * 101, "q=x&page=0", "q=x&page=a", "q=x&page_size=51"]
)
def test_bad_queries_are_400_in_the_envelope(client: Client, query: str) -> None:
    status, body = _get(client, f"/search/?{query}")

    assert status == 400
    assert body["code"] == "4003" and body["errors"]


def _publish(client: Client, title: str, text: str) -> int:
    token = make_user()["token"]
    draft = {"title": title, "content": text, "html_content": f"<p>{text}</p>"}
    status, body = call(client, "POST", "/article/", draft, token)
    assert status == 201, body
    article_id = int(body["article"]["id"])
    status, body = call(client, "PATCH", f"/article/{article_id}/", token=token)
    assert status == 200 and body["article"]["status"] == "public", body
    return article_id


def test_articles_are_found_by_a_chinese_word_of_their_body_with_highlights(client: Client) -> None:
    word = han_word()
    article_id = _publish(client, f"标题 {latin_word()}", f"今天我们说一说{word}的故事")
    reindex.rebuild("articles")
    refresh("articles")

    status, body = _get(client, f"/search/articles/?q={word}&size=5")

    assert status == 200
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    [found] = body["results"]
    assert found["id"] == article_id
    assert f"<em>{word[:2]}" in found["highlight"]["content"]
    assert {"id", "username", "nickname", "avatar"} <= set(found["user"])
    assert {"read_count", "like_count", "reward_count", "pub_date", "summary"} <= set(found)


def test_the_engine_down_is_503_never_500(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.search.settings import get_search_settings

    monkeypatch.setattr(get_search_settings(), "search_url", "http://127.0.0.1:9")
    engine_client.cache_clear()
    try:
        sku_status, sku_body = _get(client, "/search/?q=手机")
        article_status, _ = _get(client, "/search/articles/?q=spring")
    finally:
        monkeypatch.undo()
        engine_client.cache_clear()

    assert (sku_status, sku_body["code"], article_status) == (503, "5030", 503)
