"""Feed pieces without AWS: publication keys, claim names, publish times, visibility, candidate merging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest.mock import Mock

import pytest

from chalicelib.core.errors import InvalidInput
from chalicelib.feed.articles.models import Article, feed_key
from chalicelib.feed.articles.service import due_time
from chalicelib.feed.fanout import sequences as claims
from chalicelib.feed.fanout import service as fanout
from chalicelib.feed.fanout.messages import BackfillMessage, PublishMessage
from chalicelib.feed.fanout.models import Entry, Head, Post
from chalicelib.feed.reading import home

NOW = datetime(2026, 5, 1, 2, 0, 0, tzinfo=UTC)


def _article(article_id: int, status: str = "public", key: int | None = None) -> Article:
    return Article(article_id, author_id=7, author_name="a", title="t", status=status, feed_key=key, created_at=NOW)


def test_feed_keys_are_unique_within_a_second_and_ordered_by_time_then_id():
    keys = [feed_key(NOW, 12), feed_key(NOW, 13), feed_key(NOW + timedelta(seconds=1), 5)]
    assert keys == sorted(keys) and len(set(keys)) == 3
    assert feed_key(NOW.replace(microsecond=999), 12) == keys[0]  # whole seconds: the schedule and sweeper agree


def test_a_claim_is_dated_by_the_later_of_publication_and_follow():
    name = claims.claim_name(42, feed_key(NOW, 42), int((NOW + timedelta(days=1)).timestamp() * 1_000_000))
    assert name.startswith(claims.PREFIX)
    assert claims.event_seconds(name) == int((NOW + timedelta(days=1)).timestamp())


def test_a_publish_time_without_offset_is_business_time():
    assert due_time("2026-05-01 18:30:00", "Asia/Shanghai", NOW) == datetime(2026, 5, 1, 10, 30, tzinfo=UTC)
    assert due_time("2026-05-01T10:30:00.7+00:00", "Asia/Shanghai", NOW) == datetime(2026, 5, 1, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-05-01 10:00:00", "2026-05-01T02:00:00+00:00", "2027-06-01 00:00:00"])
def test_a_publish_time_not_ahead_or_too_far_is_refused(text):
    with pytest.raises(InvalidInput) as raised:
        due_time(text, "Asia/Shanghai", NOW)
    assert [e["field"] for e in raised.value.extra["errors"]] == ["pub_date"]


def test_a_message_older_than_the_claims_is_dropped_without_touching_storage():
    storage = Mock()
    stores = fanout.Stores(storage, storage, storage, storage, storage, storage)
    old = int((NOW - timedelta(days=4)).timestamp())
    now_s = int(NOW.timestamp())
    fanout.handle(PublishMessage(article_id=1, author_id=2, feed_key=old * 1_000_000), now_s, 10, 20, stores=stores)
    fanout.handle(BackfillMessage(reader_id=1, author_id=2, since_us=old * 1_000_000), now_s, 10, 20, stores=stores)
    assert storage.mock_calls == []


def test_candidates_skip_hidden_muted_duplicate_and_seen_posts_newest_first():
    # Given the head muting author 9 up to sequence 3, and entries/pulled posts of every kind
    head = Head(pulls=frozenset({8}), muted=((9, 3),))
    entries = [
        Entry(1, 5, 100, 7, 500),  # visible
        Entry(1, 4, 101, 7, 400),  # made private since
        Entry(1, 3, 102, 9, 300),  # author unfollowed at sequence 3
        Entry(1, 2, 103, 7, 150),  # an older publication of a re-published article
        Entry(1, 1, 100, 7, 500),  # a second entry of article 100
    ]
    pulled = [Post(8, 450, 200, True), Post(8, 350, 201, True)]
    found = {
        100: _article(100, key=500),
        101: _article(101, status="private", key=400),
        102: _article(102, key=300),
        103: _article(103, key=600),
        200: _article(200, key=450),
        201: _article(201, key=350),
    }
    # When they are merged, with pulled post 201 already shown
    visible, hidden = home._candidates(head, entries, pulled, found, seen={201})
    # Then only 100 and 200 show, newest first; every other inbox entry is cleared
    assert [(c.article.article_id, c.entry is None) for c in visible] == [(100, False), (200, True)]
    assert [e.sequence_id for e in hidden] == [4, 3, 2, 1]
