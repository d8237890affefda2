"""The writer page on in-memory stores: a collection's order (first, last, moves), its bound, the forms of
PUT /article/{id}/, and who may do what."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, InvalidInput, NotFound
from chalicelib.feed.articles import writing
from chalicelib.feed.articles.models import Article
from chalicelib.feed.collections.models import MAX_ARTICLES, Collection
from chalicelib.feed.models import ArticleSaveRequest, NewArticleRequest
from tests.unit.feed_fakes import FakeArticles

NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
OWNER, OTHER = Principal(7, "owner"), Principal(8, "other")


class Desk:
    """One writer's stores: articles and collections in memory, ids from one counter."""

    def __init__(self) -> None:
        self.articles = FakeArticles()
        self.ids = itertools.count(1)

    def new_id(self, _name: str) -> int:
        return next(self.ids)

    def shelf(self, owner: Principal = OWNER, count: int = 0) -> int:
        collection = Collection(self.new_id("collection"), owner.user_id, "s", NOW, article_count=count)
        self.articles.collections.add(collection)
        return collection.collection_id

    def add(self, shelf: int, title: str, insert: bool = False, at: datetime = NOW, who: Principal = OWNER) -> dict:
        request, collections = NewArticleRequest(title=title, insert=insert), self.articles.collections
        return writing.add(who, shelf, request, at, articles=self.articles, collections=collections, new_id=self.new_id)

    def titles(self, shelf: int, who: Principal = OWNER) -> list[str]:
        listed = writing.in_order(who, shelf, articles=self.articles, collections=self.articles.collections)
        return [a["title"] for a in listed]

    def put(self, article_id: int, body: dict[str, object], who: Principal = OWNER, at: datetime = NOW) -> dict:
        request = ArticleSaveRequest.model_validate(body)
        return writing.save(who, article_id, request, at, articles=self.articles, collections=self.articles.collections)


def later(seconds: int) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_new_articles_go_first_when_inserted_else_last():
    desk = Desk()
    shelf = desk.shelf()
    desk.add(shelf, "b", at=later(1))
    desk.add(shelf, "a", insert=True, at=later(2))
    desk.add(shelf, "c", at=later(3))
    desk.add(shelf, "first", insert=True, at=later(4))
    assert desk.titles(shelf) == ["first", "a", "b", "c"]


def test_a_new_article_is_private_empty_and_in_its_collection():
    desk = Desk()
    shelf = desk.shelf()
    made = desk.add(shelf, "2026-05-01")
    assert (made["title"], made["content"], made["html_content"], made["is_public"]) == ("2026-05-01", "", "", False)
    assert made["collection"]["id"] == shelf
    assert desk.articles.collections.get(OWNER.user_id, shelf).article_count == 1  # type: ignore[union-attr]


def test_articles_stored_before_positions_sit_where_they_were_created():
    desk = Desk()
    shelf = desk.shelf()
    old = Article(100, OWNER.user_id, "owner", "old", NOW - timedelta(days=1), collection_id=shelf)
    desk.articles.create(old)
    desk.add(shelf, "top", insert=True)
    desk.add(shelf, "end")
    assert desk.titles(shelf) == ["top", "old", "end"]


def test_another_users_collection_is_not_found_for_listing_or_adding():
    desk = Desk()
    theirs = desk.shelf(OTHER)
    with pytest.raises(NotFound):
        desk.titles(theirs)
    with pytest.raises(NotFound):
        desk.add(theirs, "x")
    assert desk.articles.rows == {}


def test_a_full_collection_refuses_a_new_article_with_the_limit_named():
    desk = Desk()
    shelf = desk.shelf(count=MAX_ARTICLES)
    with pytest.raises(Conflict, match=f"at most {MAX_ARTICLES}"):
        desk.add(shelf, "one too many")


def test_a_move_by_collection_goes_last_there_and_keeps_the_text():
    desk = Desk()
    home, away = desk.shelf(), desk.shelf()
    article = desk.add(home, "traveller")
    desk.add(away, "resident")
    answer = desk.put(article["id"], {"collection": away}, at=later(5))
    assert (answer["detail"], answer["article"]["collection"]["id"]) == ("moved", away)
    assert desk.titles(away) == ["resident", "traveller"] and desk.titles(home) == []
    assert desk.articles.rows[article["id"]].title == "traveller"


def test_the_earlier_save_body_still_saves_and_moves():
    desk = Desk()
    home, away = desk.shelf(), desk.shelf()
    article = desk.add(home, "t")
    saved = desk.put(article["id"], {"title": "t2", "content": "c2", "html_content": "<p onclick='x'>h</p>"})
    assert (saved["detail"], saved["article"]["html_content"]) == ("saved", "<p>h</p>")
    moved = desk.put(article["id"], {"title": "t3", "content": "c3", "collection_id": away})
    assert (moved["article"]["title"], moved["article"]["collection"]["id"]) == ("t3", away)


def test_put_names_the_missing_or_conflicting_field():
    desk = Desk()
    home, away = desk.shelf(), desk.shelf()
    article = desk.add(home, "t")
    cases: list[tuple[dict[str, object], list[str]]] = [
        ({}, ["collection"]),
        ({"title": "only a title"}, ["content"]),
        ({"html_content": "<p>x</p>"}, ["title", "content"]),
        ({"collection": away, "collection_id": home}, ["collection"]),
        ({"collection": desk.shelf(OTHER)}, ["collection"]),
        ({"title": "t", "content": "c", "collection_id": 999}, ["collection_id"]),
    ]
    for body, fields in cases:
        with pytest.raises(InvalidInput) as raised:
            desk.put(article["id"], body)
        assert [e["field"] for e in raised.value.extra["errors"]] == fields, body


def test_only_the_author_moves_and_a_full_target_takes_nothing():
    desk = Desk()
    home = desk.shelf()
    article = desk.add(home, "t")
    with pytest.raises(NotFound):
        desk.put(article["id"], {"collection": desk.shelf(OTHER)}, who=OTHER)
    full = desk.shelf(count=MAX_ARTICLES)
    with pytest.raises(Conflict, match=f"at most {MAX_ARTICLES}"):
        desk.put(article["id"], {"collection": full})
    assert desk.articles.rows[article["id"]].collection_id == home


def test_a_list_too_big_for_one_answer_ends_before_the_article_that_would_not_fit(monkeypatch):
    desk = Desk()
    shelf = desk.shelf()
    for n in range(3):
        made = desk.add(shelf, f"t{n}", at=later(n))
        desk.articles.rows[made["id"]] = desk.articles.rows[made["id"]]._replace(content="字" * 1000)
    # Each article takes over 6,000 bytes of Lambda's answer (every CJK character is \\uXXXX there)
    monkeypatch.setattr(writing, "MAX_LIST_BYTES", 13_000)
    assert desk.titles(shelf) == ["t0", "t1"]
