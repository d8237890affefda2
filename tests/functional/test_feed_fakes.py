"""The in-memory stores the feed's unit tests run on answer as the DynamoDB repositories do, write for write."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from chalicelib.feed.articles import repository as dynamodb_articles
from chalicelib.feed.articles.models import PRIVATE, PUBLIC, TIMED, Article, Writing, feed_key
from chalicelib.feed.articles.repository import Articles
from chalicelib.feed.collections import repository as dynamodb_collections
from chalicelib.feed.collections.models import MAX_ARTICLES, Collection
from chalicelib.feed.collections.repository import Collections
from chalicelib.feed.fanout.models import Entry
from chalicelib.feed.fanout.sequences import claim_name
from chalicelib.feed.fanout.service import AWS, Stores
from tests.unit.feed_fakes import FakeArticles, FakeFeed

NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
KEY = feed_key(NOW, 1)


@pytest.fixture(params=["dynamodb", "memory"])
def store(request: pytest.FixtureRequest) -> Stores:
    """Each test runs once on the DynamoDB repositories (moto) and once on the fakes."""
    if request.param == "dynamodb":
        request.getfixturevalue("services")
        return AWS
    return FakeFeed().stores


def new_id() -> int:
    """An id no other test uses (moto's tables live for the whole session)."""
    return random.randrange(10**11, 10**12)


def test_a_delivery_claims_one_number_and_numbers_follow_each_other(store):
    owner = new_id()
    taken = [store.sequences.claim(owner, claim_name(article_id, KEY, 0)) for article_id in (1, 2, 1)]
    assert [(c.sequence_id, c.fresh) for c in taken] == [(1, True), (2, True), (1, False)]
    again = taken[-1]
    assert again.held == 2


def test_entries_read_back_by_number_and_by_time(store):
    owner = new_id()
    store.inboxes.write_entries([Entry(owner, n, 100 + n, 7, KEY + n) for n in (1, 2, 3)])
    assert [e.sequence_id for e in store.inboxes.after(owner, 1, 10)] == [2, 3]
    assert store.inboxes.before(owner, KEY + 3, 1) == ([Entry(owner, 2, 102, 7, KEY + 2)], True)
    assert store.inboxes.existing([(owner, 3), (owner, 4)]) == {(owner, 3)}


def test_an_article_changes_state_only_from_the_state_a_write_names(store):
    article_id, author = new_id(), 7
    store.articles.create(Article(article_id, author, "a", "t", NOW))
    assert store.articles.publish(article_id, author + 1, KEY, NOW) is None  # not the author's
    assert store.articles.publish(article_id, author, KEY, NOW).status == PUBLIC
    assert store.articles.publish(article_id, author, KEY, NOW) is None  # not private any more
    assert store.articles.set_timed(article_id, author, PRIVATE, NOW) is None
    assert store.articles.make_private(article_id, author, PUBLIC).status == PRIVATE
    timed = store.articles.set_timed(article_id, author, PRIVATE, NOW)
    assert (timed.status, timed.due_at) == (TIMED, int(NOW.timestamp()))
    assert store.articles.publish_due(article_id, timed.due_at - 1, KEY, None) is None  # timed for another second
    assert store.articles.publish_due(article_id, timed.due_at, KEY, timed.due_at - 1) is None  # not due yet
    assert store.articles.publish_due(article_id, timed.due_at, KEY, None).feed_key == KEY


def test_an_author_is_marked_pulled_once(store):
    author = new_id()
    assert store.follows.mark_pulled(author, 1) is True
    assert store.follows.mark_pulled(author, 2) is False
    assert store.follows.stats(author).pull_since == 1


@dataclass(frozen=True)
class Shelves:
    """Articles and collections from the same side: DynamoDB or memory."""

    articles: Articles
    collections: Collections


@pytest.fixture(params=["dynamodb", "memory"])
def shelves(request: pytest.FixtureRequest) -> Shelves:
    """Each collection test runs once on the DynamoDB repositories (moto) and once on the fakes."""
    if request.param == "dynamodb":
        request.getfixturevalue("services")
        return Shelves(dynamodb_articles, dynamodb_collections)
    fake = FakeArticles()
    return Shelves(fake, fake.collections)


def shelf(owner: int, name: str = "s", default: bool = False) -> Collection:
    return Collection(new_id(), owner, name, NOW, is_default=default)


def test_an_owner_gets_one_default_and_finds_it(shelves):
    owner = new_id()
    assert shelves.collections.find_default(owner) is None
    first, second = shelf(owner, default=True), shelf(owner, default=True)
    assert shelves.collections.add_default(first) is True
    assert shelves.collections.add_default(second) is False
    assert shelves.collections.find_default(owner) == first
    plain = shelf(owner)
    shelves.collections.add(plain)
    assert sorted(c.collection_id for c in shelves.collections.owned(owner)) == sorted(
        [first.collection_id, plain.collection_id]
    )
    assert shelves.collections.get(owner + 1, plain.collection_id) is None  # keyed by owner


def test_a_collection_is_renamed_by_key_and_removed_only_empty_and_not_the_default(shelves):
    owner, other = new_id(), new_id()
    default, empty, full = shelf(owner, default=True), shelf(owner), shelf(owner)
    shelves.collections.add_default(default)
    for collection in (empty, full):
        shelves.collections.add(collection)
    assert shelves.articles.create(Article(new_id(), owner, "a", "t", NOW, collection_id=full.collection_id))
    assert shelves.collections.rename(other, empty.collection_id, "x") is None
    assert shelves.collections.rename(owner, empty.collection_id, "new").name == "new"
    assert shelves.collections.get(owner, full.collection_id).article_count == 1
    assert [shelves.collections.remove(owner, c.collection_id) for c in (default, full)] == [False, False]
    assert shelves.collections.remove(other, empty.collection_id) is False
    assert shelves.collections.remove(owner, empty.collection_id) is True
    assert shelves.collections.remove(owner, empty.collection_id) is False


def test_an_article_goes_only_into_a_collection_that_exists_and_moves_with_both_counts(shelves):
    owner = new_id()
    source, target = shelf(owner), shelf(owner)
    shelves.collections.add(source)
    article_id = new_id()
    assert (
        shelves.articles.create(Article(article_id, owner, "a", "t", NOW, collection_id=target.collection_id)) is False
    )
    assert shelves.articles.get(article_id) is None
    assert shelves.articles.create(Article(article_id, owner, "a", "t", NOW, collection_id=source.collection_id))
    writing, to = Writing("t2", "c2", "<p>h</p>"), (source.collection_id, target.collection_id, 42)
    assert shelves.articles.move(article_id, owner, writing, *to) is False
    shelves.collections.add(target)
    assert shelves.articles.move(article_id, owner + 1, writing, *to) is False
    back = (target.collection_id, source.collection_id, 42)
    assert shelves.articles.move(article_id, owner, writing, *back) is False
    assert shelves.articles.move(article_id, owner, writing, *to) is True
    moved = shelves.articles.get(article_id)
    assert (moved.title, moved.html_content, moved.collection_id) == ("t2", "<p>h</p>", target.collection_id)
    assert moved.position == 42
    counts = [shelves.collections.get(owner, c.collection_id).article_count for c in (source, target)]
    assert counts == [0, 1]
    # A move without text keeps the text
    assert shelves.articles.move(article_id, owner, None, target.collection_id, source.collection_id, -7) is True
    moved = shelves.articles.get(article_id)
    assert (moved.title, moved.collection_id, moved.position) == ("t2", source.collection_id, -7)
    assert shelves.articles.move(article_id, owner, None, source.collection_id, target.collection_id, 43) is True
    assert shelves.articles.in_collection(target.collection_id, None, 1) == ([article_id], True)
    assert shelves.articles.in_collection(target.collection_id, article_id, 1) == ([], False)


def test_a_full_collection_takes_no_new_or_moved_article(shelves):
    # Given a collection holding MAX_ARTICLES (counted as the article writes count it) and one with room
    owner = new_id()
    full, spare = shelf(owner), shelf(owner)
    shelves.collections.add(full._replace(article_count=MAX_ARTICLES))
    shelves.collections.add(spare)
    article_id = new_id()
    # Then neither a new article nor a move gets in, and nothing is counted
    assert shelves.articles.create(Article(article_id, owner, "a", "t", NOW, collection_id=full.collection_id)) is False
    assert shelves.articles.create(Article(article_id, owner, "a", "t", NOW, collection_id=spare.collection_id))
    assert shelves.articles.move(article_id, owner, None, spare.collection_id, full.collection_id, 1) is False
    counts = [shelves.collections.get(owner, c.collection_id).article_count for c in (full, spare)]
    assert counts == [MAX_ARTICLES, 1]
    assert shelves.articles.get(article_id).collection_id == spare.collection_id


def test_only_the_author_saves_the_text(shelves):
    owner, article_id = new_id(), new_id()
    shelves.articles.create(Article(article_id, owner, "a", "t", NOW, status=PUBLIC))
    writing = Writing("t2", "c2", "h2")
    assert shelves.articles.save(article_id, owner + 1, writing) is None
    saved = shelves.articles.save(article_id, owner, writing)
    assert (saved.title, saved.content, saved.html_content, saved.status) == ("t2", "c2", "h2", PUBLIC)
