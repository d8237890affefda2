"""The in-memory stores the fan-out unit tests run on answer as the DynamoDB repositories do, write for write."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from chalicelib.feed.articles.models import PRIVATE, PUBLIC, TIMED, Article, feed_key
from chalicelib.feed.fanout.models import Entry
from chalicelib.feed.fanout.sequences import claim_name
from chalicelib.feed.fanout.service import AWS, Stores
from tests.unit.feed_fakes import FakeFeed

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
