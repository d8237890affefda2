"""Collections and the writer's article writes on in-memory stores: the default made once, who may write where,
deletes refused for a reason, moves that keep both counts, HTML sanitised on every write."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, InvalidInput, NotFound
from chalicelib.feed.articles import service as articles
from chalicelib.feed.articles import writing
from chalicelib.feed.collections import service as collections
from chalicelib.feed.collections.models import DEFAULT_NAME, Collection
from chalicelib.feed.models import ArticleRequest, ArticleSaveRequest, CollectionRequest
from tests.unit.feed_fakes import FakeArticles, FakeCollections

NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
OWNER, OTHER = Principal(7, "owner"), Principal(8, "other")


@dataclass
class Store:
    """Articles and collections in memory, with an id counter per name as `next_id` keeps them."""

    articles: FakeArticles = field(default_factory=FakeArticles)
    counters: dict[str, itertools.count[int]] = field(default_factory=dict)

    @property
    def collections(self) -> FakeCollections:
        return self.articles.collections

    def new_id(self, name: str) -> int:
        return next(self.counters.setdefault(name, itertools.count(1)))

    def write(self, principal: Principal = OWNER, collection_id: int | None = None, html: str = "") -> dict:
        request = ArticleRequest(title="t", content="c", html_content=html, collection_id=collection_id)
        return articles.create(
            principal, request, NOW, articles=self.articles, collections=self.collections, new_id=self.new_id
        )

    def shelf(self, principal: Principal = OWNER, name: str = "shelf") -> int:
        made = collections.create(
            principal, CollectionRequest(name=name), NOW, collections=self.collections, new_id=self.new_id
        )
        return int(made["id"])

    def save(self, article_id: int, collection_id: int | None = None, principal: Principal = OWNER) -> dict:
        request = ArticleSaveRequest(title="t2", content="c2", html_content="<b>b</b>", collection_id=collection_id)
        return writing.save(principal, article_id, request, NOW, articles=self.articles, collections=self.collections)


def field_of(raised: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [e["field"] for e in raised.value.extra["errors"]]


def test_articles_without_a_collection_share_one_default_made_on_first_use():
    store = Store()
    first, second = store.write(), store.write()
    [default] = store.collections.owned(OWNER.user_id)
    assert (default.name, default.is_default, default.article_count) == (DEFAULT_NAME, True, 2)
    assert first["collection"] == second["collection"] == {"id": default.collection_id, "name": DEFAULT_NAME}


class LateDefault(FakeCollections):
    """A store where another request makes the owner's default between this one's look and its write."""

    def find_default(self, owner_id: int) -> Collection | None:
        if owner_id not in self.defaults:  # the concurrent request wins the marker just now
            self.add_default(Collection(99, owner_id, DEFAULT_NAME, NOW, is_default=True))
            return None
        return super().find_default(owner_id)


def test_a_default_made_meanwhile_by_another_request_is_the_one_used():
    store = Store(FakeArticles(collections=LateDefault()))
    assert store.write()["collection"]["id"] == 99
    assert [c.collection_id for c in store.collections.owned(OWNER.user_id)] == [99]


def test_listing_makes_the_default_when_there_is_none_and_keeps_id_order():
    store = Store()
    mine = store.shelf()
    listed = collections.listing(OWNER, NOW, collections=store.collections, new_id=store.new_id)
    assert [(c["id"], c["is_default"]) for c in listed] == [(mine, False), (mine + 1, True)]
    again = collections.listing(OWNER, NOW, collections=store.collections, new_id=store.new_id)
    assert again == listed


def test_nobody_writes_into_or_moves_to_another_users_collection():
    store = Store()
    theirs = store.shelf(OTHER)
    with pytest.raises(InvalidInput) as raised:
        store.write(OWNER, collection_id=theirs)
    assert field_of(raised) == ["collection_id"]
    article = store.write()
    with pytest.raises(InvalidInput) as raised:
        store.save(article["id"], collection_id=theirs)
    assert field_of(raised) == ["collection_id"]
    with pytest.raises(NotFound):
        store.save(article["id"], principal=OTHER)
    assert store.collections.get(OTHER.user_id, theirs).article_count == 0  # type: ignore[union-attr]


def test_a_delete_is_refused_for_the_reason_that_holds():
    store = Store()
    empty, full = store.shelf(), store.shelf()
    store.write(collection_id=full)
    default = collections.default_for(OWNER.user_id, NOW, collections=store.collections, new_id=store.new_id)
    assert collections.delete(OWNER, empty, collections=store.collections) == {"detail": "collection deleted"}
    with pytest.raises(NotFound):
        collections.delete(OWNER, empty, collections=store.collections)
    with pytest.raises(NotFound):
        collections.delete(OTHER, full, collections=store.collections)
    with pytest.raises(Conflict, match="holds 1 article"):
        collections.delete(OWNER, full, collections=store.collections)
    with pytest.raises(Conflict, match="default"):
        collections.delete(OWNER, default.collection_id, collections=store.collections)


def test_a_move_carries_the_count_and_frees_the_old_collection_for_deletion():
    store = Store()
    old, new = store.shelf(), store.shelf()
    article = store.write(collection_id=old)
    saved = store.save(article["id"], collection_id=new)["article"]
    assert (saved["collection"]["id"], saved["title"], saved["html_content"]) == (new, "t2", "<b>b</b>")
    assert [store.collections.get(OWNER.user_id, c).article_count for c in (old, new)] == [0, 1]  # type: ignore[union-attr]
    assert store.articles.in_collection(new, None, 10) == ([article["id"]], False)
    assert collections.delete(OWNER, old, collections=store.collections)["detail"] == "collection deleted"
    # Saving into the collection it is already in writes the text only
    assert store.save(article["id"], collection_id=new)["article"]["collection"]["id"] == new
    assert store.collections.get(OWNER.user_id, new).article_count == 1  # type: ignore[union-attr]


def test_every_write_stores_the_html_sanitised():
    store = Store()
    article = store.write(html='<p onclick="x()">a</p><script>alert(1)</script>')
    assert store.articles.rows[article["id"]].html_content == article["html_content"] == "<p>a</p>"
    store.save(article["id"])
    assert store.articles.rows[article["id"]].html_content == "<b>b</b>"
