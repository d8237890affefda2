"""Collections (renran's 文集): the default on first use, create/rename/delete/list by the owner only, a
collection's articles, the writer page's save (and move), and the article fields the renran page reads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from chalicelib.feed.collections import repository as stored
from chalicelib.feed.collections import service as collections
from chalicelib.feed.collections.models import DEFAULT_NAME
from tests.counting import count_dynamodb
from tests.factories import call, make_article, make_user

pytestmark = pytest.mark.usefixtures("services")


def listed(client, token: str) -> list[dict]:
    status, body = call(client, "GET", "/article/collection/", token=token)
    assert status == 200 and isinstance(body, list), body  # the bare list renran's writer page reads
    return body


def new_collection(client, token: str, name: str) -> dict:
    status, body = call(client, "POST", "/article/collection/", {"name": name}, token)
    assert status == 201, body
    assert (body["code"], set(body) - {"code", "errmsg"}) == (
        "0",
        {"id", "name", "article_count", "is_default", "created_time"},
    )
    return dict(body)


def in_collection(client, token: str, collection_id: int) -> tuple[int, list | dict]:
    return call(client, "GET", f"/article/collection/{collection_id}/articles/", token=token)


def test_an_article_without_a_collection_goes_to_the_default_made_on_first_use(client, settings):
    # Given a user without collections
    author = make_user()
    # When they write two articles without naming a collection
    first, second = make_article(client, author["token"]), make_article(client, author["token"])
    # Then both are in one default collection, made for them
    [default] = listed(client, author["token"])
    assert (default["name"], default["is_default"], default["article_count"]) == (DEFAULT_NAME, True, 2)
    assert first["collection"] == second["collection"] == {"id": default["id"], "name": DEFAULT_NAME}
    # And the article carries what the renran page reads: created_time in business time with its offset
    created = datetime.fromisoformat(first["created_time"])
    assert created.utcoffset() == datetime.now(ZoneInfo(settings.business_timezone)).utcoffset()
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60


def test_an_anonymous_reader_sees_the_collection_name_and_created_time(client):
    author = make_user()
    shelf = new_collection(client, author["token"], "读书笔记")
    draft = {"title": "t", "content": "c", "collection_id": shelf["id"]}
    article = call(client, "POST", "/article/", draft, author["token"])[1]["article"]
    call(client, "PATCH", f"/article/{article['id']}/", token=author["token"])
    status, shown = call(client, "GET", f"/article/{article['id']}/retrieve/")
    assert (status, shown["collection"]) == (200, {"id": shelf["id"], "name": "读书笔记"})
    assert shown["created_time"] == article["created_time"]


def test_listing_makes_the_default_once_and_shows_collections_oldest_first(client):
    user = make_user()
    [default] = listed(client, user["token"])
    a, b = new_collection(client, user["token"], " 随笔 "), new_collection(client, user["token"], "游记")
    assert a["name"] == "随笔" and (a["article_count"], a["is_default"]) == (0, False)
    assert [(c["id"], c["name"]) for c in listed(client, user["token"])] == [
        (default["id"], DEFAULT_NAME),
        (a["id"], "随笔"),
        (b["id"], "游记"),
    ]


def test_two_first_uses_at_once_make_one_default(services):
    # Given a user without collections, when eight requests need their default at the same moment
    owner, now = make_user()["id"], datetime.now(UTC)
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda _: collections.default_for(owner, now).collection_id, range(8)))
    # Then all got the same one, and it is the only collection the user has
    assert len(set(found)) == 1
    assert [c.collection_id for c in stored.owned(owner)] == found[:1]


def test_only_the_owner_renames_deletes_lists_or_writes_into_a_collection(client):
    owner, other = make_user(), make_user()
    shelf = new_collection(client, owner["token"], "私房")
    path = f"/article/collection/{shelf['id']}/"
    # Another user: 404 for the collection, 400 naming collection_id for writing into it
    assert call(client, "PUT", path, {"name": "mine now"}, other["token"])[0] == 404
    assert call(client, "DELETE", path, token=other["token"])[0] == 404
    assert in_collection(client, other["token"], shelf["id"])[0] == 404
    status, body = call(
        client, "POST", "/article/", {"title": "t", "content": "c", "collection_id": shelf["id"]}, other["token"]
    )
    assert (status, [e["field"] for e in body["errors"]]) == (400, ["collection_id"])
    assert shelf["id"] not in [c["id"] for c in listed(client, other["token"])]
    # The owner renames it
    status, body = call(client, "PUT", path, {"name": "公开"}, owner["token"])
    assert (status, body["id"], body["name"]) == (200, shelf["id"], "公开")
    assert [c["name"] for c in listed(client, owner["token"]) if c["id"] == shelf["id"]] == ["公开"]
    assert call(client, "PUT", path, {"name": ""}, owner["token"])[0] == 400
    assert call(client, "PUT", "/article/collection/999999999999/", {"name": "x"}, owner["token"])[0] == 404


def test_a_collection_is_deleted_only_when_empty_and_never_the_default(client):
    owner = make_user()
    empty, full = new_collection(client, owner["token"], "空"), new_collection(client, owner["token"], "满")
    call(client, "POST", "/article/", {"title": "t", "content": "c", "collection_id": full["id"]}, owner["token"])
    default = next(c for c in listed(client, owner["token"]) if c["is_default"])
    # An empty one goes
    status, body = call(client, "DELETE", f"/article/collection/{empty['id']}/", token=owner["token"])
    assert (status, body["detail"]) == (200, "collection deleted")
    assert call(client, "DELETE", f"/article/collection/{empty['id']}/", token=owner["token"])[0] == 404
    # One holding an article, and the default, stay (409)
    for kept in (full, default):
        status, body = call(client, "DELETE", f"/article/collection/{kept['id']}/", token=owner["token"])
        assert (status, body["code"]) == (409, "4409")
    assert {c["id"] for c in listed(client, owner["token"])} == {full["id"], default["id"]}


def test_a_collections_articles_are_one_bare_list_in_the_writers_order(client):
    owner = make_user()
    shelf = new_collection(client, owner["token"], "连载")
    ids = []
    for n in range(3):
        draft = {"title": f"第{n}章", "content": "c", "html_content": "<p>c</p>", "collection_id": shelf["id"]}
        ids.append(call(client, "POST", "/article/", draft, owner["token"])[1]["article"]["id"])
    make_article(client, owner["token"])  # in the default collection, not this one
    # When the writer page lists the collection
    with count_dynamodb() as dynamodb:
        status, listed_articles = in_collection(client, owner["token"], shelf["id"])
    # Then: the collection (ownership), its index, the articles in one batch; all of them, oldest first
    assert dynamodb.operations == ["GetItem", "Query", "BatchGetItem"]
    assert (status, [a["id"] for a in listed_articles]) == (200, ids)
    first = listed_articles[0]
    assert first["collection"] == {"id": shelf["id"], "name": "连载"}
    assert (first["title"], first["content"], first["html_content"], first["is_public"]) == (
        "第0章",
        "c",
        "<p>c</p>",
        False,
    )
    assert first["pub_date"] is None


def test_the_writer_saves_title_and_text_of_their_own_article_only(client):
    author, other = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)
    body = {"title": " 新标题 ", "content": "新正文", "html_content": "<p>新正文</p>"}
    assert call(client, "PUT", f"/article/{article['id']}/", body, other["token"])[0] == 404
    with count_dynamodb() as dynamodb:
        status, answer = call(client, "PUT", f"/article/{article['id']}/", body, author["token"])
    assert dynamodb.operations == ["UpdateItem"]  # conditional on the author: ownership and write in one
    assert (status, answer["article"]["title"], answer["article"]["status"]) == (200, "新标题", "public")
    shown = call(client, "GET", f"/article/{article['id']}/retrieve/")[1]
    assert (shown["title"], shown["content"], shown["html_content"]) == ("新标题", "新正文", "<p>新正文</p>")
    assert shown["collection"] == {"id": article["collection"]["id"], "name": DEFAULT_NAME}


def test_saving_into_another_collection_moves_the_article_and_both_counts(client):
    owner = make_user()
    article = make_article(client, owner["token"])
    source, target = article["collection"]["id"], new_collection(client, owner["token"], "新家")
    body = {"title": "t", "content": "c", "collection_id": target["id"]}
    status, answer = call(client, "PUT", f"/article/{article['id']}/", body, owner["token"])
    assert (status, answer["article"]["collection"]) == (200, {"id": target["id"], "name": "新家"})
    counts = {c["id"]: c["article_count"] for c in listed(client, owner["token"])}
    assert (counts[source], counts[target["id"]]) == (0, 1)
    assert [a["id"] for a in in_collection(client, owner["token"], target["id"])[1]] == [article["id"]]
    assert in_collection(client, owner["token"], source)[1] == []
    # A collection of someone else's is no destination
    foreign = new_collection(client, make_user()["token"], "别人的")
    body["collection_id"] = foreign["id"]
    status, answer = call(client, "PUT", f"/article/{article['id']}/", body, owner["token"])
    assert (status, [e["field"] for e in answer["errors"]]) == (400, ["collection_id"])


def test_request_counts_of_writing_and_reading_an_article(client):
    # Given an author whose default collection exists
    author = make_user()
    make_article(client, author["token"])
    draft = {"title": "t", "content": "c"}
    # Writing: the default's Query, the id counter, then the article and its collection's count in one transaction
    with count_dynamodb() as dynamodb:
        article = call(client, "POST", "/article/", draft, author["token"])[1]["article"]
    assert dynamodb.operations == ["Query", "UpdateItem", "TransactWriteItems"]
    # Reading: the article, then its collection for the name
    with count_dynamodb() as dynamodb:
        call(client, "GET", f"/article/{article['id']}/retrieve/", token=author["token"])
    assert dynamodb.operations == ["GetItem", "GetItem"]
