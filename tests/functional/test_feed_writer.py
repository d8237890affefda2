"""renran's writer page over HTTP: a collection's articles as a bare list in the writer's order, a new article first
or last, saving title and text, moving by `{collection}`; owner-only (404), a bounded collection (409), bad input
400 naming the field, and every error an envelope."""

from __future__ import annotations

import json

import pytest

from chalicelib.feed.collections.models import MAX_ARTICLES
from chalicelib.feed.collections.repository import CollectionModel
from tests.factories import call, make_article, make_user

pytestmark = pytest.mark.usefixtures("services")


def _shelf(client, token: str, name: str = "文集") -> int:
    status, body = call(client, "POST", "/article/collection/", {"name": name}, token)
    assert status == 201, body
    return int(body["id"])


def _add(client, token: str, shelf: int, title: str, insert: bool = False) -> dict:
    path = f"/article/collection/{shelf}/articles/"
    status, body = call(client, "POST", path, {"insert": insert, "title": title}, token)
    assert status == 201, body
    return body


def _articles(client, token: str, shelf: int) -> list[dict]:
    status, body = call(client, "GET", f"/article/collection/{shelf}/articles/", token=token)
    assert status == 200 and isinstance(body, list), body
    return body


def test_new_articles_are_private_and_go_first_or_last(client):
    owner = make_user()
    shelf = _shelf(client, owner["token"])
    made = _add(client, owner["token"], shelf, "2026-05-01")
    _add(client, owner["token"], shelf, "插在前面", insert=True)
    _add(client, owner["token"], shelf, "接在后面", insert="false")  # type: ignore[arg-type]
    assert made["code"] == "0" and (made["title"], made["content"], made["is_public"]) == ("2026-05-01", "", False)
    assert made["collection"] == {"id": shelf, "name": "文集"} and made["pub_date"] is None
    listed = _articles(client, owner["token"], shelf)
    assert [a["title"] for a in listed] == ["插在前面", "2026-05-01", "接在后面"]
    assert {"id", "title", "content", "html_content", "is_public", "pub_date"} <= set(listed[0])


def test_another_users_collection_and_article_are_not_found(client):
    owner, other = make_user(), make_user()
    shelf = _shelf(client, owner["token"])
    article = _add(client, owner["token"], shelf, "mine")
    for method, path, body in [
        ("GET", f"/article/collection/{shelf}/articles/", None),
        ("POST", f"/article/collection/{shelf}/articles/", {"title": "t"}),
        ("PUT", f"/article/{article['id']}/info/", {"title": "t", "content": "c"}),
        ("PUT", f"/article/{article['id']}/", {"collection": _shelf(client, other["token"])}),
    ]:
        status, answer = call(client, method, path, body, other["token"])
        assert (status, answer["code"]) == (404, "4404"), path  # an envelope, even where success is a bare list
    assert [a["title"] for a in _articles(client, owner["token"], shelf)] == ["mine"]


def test_the_writer_saves_title_and_text_sanitised(client):
    owner = make_user()
    article = make_article(client, owner["token"])
    body = {"title": " 标题 ", "content": "# 正文", "html_content": '<h1 onclick="x()">正文</h1><script>1</script>'}
    status, answer = call(client, "PUT", f"/article/{article['id']}/info/", body, owner["token"])
    assert (status, answer["detail"]) == (200, "saved")
    assert (answer["article"]["title"], answer["article"]["html_content"]) == ("标题", "<h1>正文</h1>")
    shown = call(client, "GET", f"/article/{article['id']}/retrieve/", token=owner["token"])[1]
    assert (shown["content"], shown["html_content"]) == ("# 正文", "<h1>正文</h1>")


def test_a_move_by_collection_puts_the_article_last_there(client):
    owner = make_user()
    home, away = _shelf(client, owner["token"], "家"), _shelf(client, owner["token"], "远方")
    article = _add(client, owner["token"], home, "旅人")
    _add(client, owner["token"], away, "居民")
    status, answer = call(client, "PUT", f"/article/{article['id']}/", {"collection": away}, owner["token"])
    assert (status, answer["detail"], answer["article"]["collection"]) == (200, "moved", {"id": away, "name": "远方"})
    assert [a["title"] for a in _articles(client, owner["token"], away)] == ["居民", "旅人"]
    assert _articles(client, owner["token"], home) == []
    listed = call(client, "GET", "/article/collection/", token=owner["token"])[1]
    assert {c["id"]: c["article_count"] for c in listed if c["id"] in (home, away)} == {home: 0, away: 2}


@pytest.mark.parametrize(
    ("method", "path", "body", "fields"),
    [
        ("POST", "/article/collection/{shelf}/articles/", {"insert": True}, ["title"]),
        ("POST", "/article/collection/{shelf}/articles/", {"title": "t", "insert": "maybe"}, ["insert"]),
        ("POST", "/article/collection/{shelf}/articles/", {"title": "x" * 151}, ["title"]),
        ("PUT", "/article/{article}/info/", {"content": "c"}, ["title"]),
        ("PUT", "/article/{article}/info/", {"title": "t", "content": 5}, ["content"]),
        ("PUT", "/article/{article}/", {}, ["collection"]),
        ("PUT", "/article/{article}/", {"collection": "x"}, ["collection"]),
        ("PUT", "/article/{article}/", {"collection": 999_999_999_999}, ["collection"]),
        ("PUT", "/article/{article}/", {"title": "t"}, ["content"]),
    ],
)
def test_bad_input_is_400_naming_the_field(client, method, path, body, fields):
    owner = make_user()
    shelf = _shelf(client, owner["token"])
    article = _add(client, owner["token"], shelf, "t")
    status, answer = call(client, method, path.format(shelf=shelf, article=article["id"]), body, owner["token"])
    assert (status, answer["code"], [e["field"] for e in answer["errors"]]) == (400, "4003", fields)


def test_a_full_collection_takes_no_new_or_moved_article(client):
    # Given a collection counted full (as MAX_ARTICLES writes would leave it) and an article elsewhere
    owner = make_user()
    full, other = _shelf(client, owner["token"]), _shelf(client, owner["token"])
    CollectionModel(owner["id"], full).update(actions=[CollectionModel.article_count.set(MAX_ARTICLES)])
    article = _add(client, owner["token"], other, "t")
    # Then a new article there and a move there are 409s naming the limit, and nothing moved
    for method, path, body in [
        ("POST", f"/article/collection/{full}/articles/", {"title": "t"}),
        ("POST", "/article/", {"title": "t", "content": "c", "collection_id": full}),
        ("PUT", f"/article/{article['id']}/", {"collection": full}),
    ]:
        status, answer = call(client, method, path, body, owner["token"])
        assert (status, answer["code"]) == (409, "4409") and str(MAX_ARTICLES) in answer["errmsg"], path
    assert [a["id"] for a in _articles(client, owner["token"], other)] == [article["id"]]


def test_the_writers_routes_need_a_login_and_answer_envelopes(client):
    for method, path in [
        ("GET", "/article/collection/"),
        ("GET", "/article/collection/1/articles/"),
        ("POST", "/article/collection/1/articles/"),
        ("PUT", "/article/1/info/"),
    ]:
        status, body = call(client, method, path, {"title": "t", "content": "c"})
        assert (status, body["code"]) == (401, "4101"), path


def test_the_api_document_says_which_answers_are_bare_lists(client):
    paths = json.loads(client.http.get("/openapi.json").body)["paths"]
    bare = ["/article/collection/", "/article/collection/{collection_id}/articles/", "/article/special/"]
    for path in [*bare, "/nav/header/", "/nav/footer/"]:
        answers = paths[path]["get"]["responses"]
        assert answers["200"]["content"]["application/json"]["schema"] == {"type": "array"}, path
        assert answers["401" if path.startswith("/article/") else "503"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
