"""Fan-out on in-memory stores (no moto, no Redis): dense sequences, idempotent redelivery, hidden pushes, pull."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import cast

import redis

from chalicelib.core.auth import Principal
from chalicelib.feed.articles import service as articles
from chalicelib.feed.articles.models import PRIVATE, PUBLIC, Article
from chalicelib.feed.articles.timed import timed_message
from chalicelib.feed.fanout import service as fanout
from chalicelib.feed.fanout.messages import BackfillMessage, FanoutMessage, PublishMessage, fanout_adapter
from chalicelib.feed.fanout.models import Post
from chalicelib.feed.fanout.sequences import claim_name
from chalicelib.feed.follows.models import Relation
from chalicelib.feed.reading import timeline
from tests.unit.feed_fakes import FakeFeed

NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
NOW_S = int(NOW.timestamp())
SINCE_US = (NOW_S - 60) * 1_000_000
AUTHOR = 7
# Publishing a draft never touches the hot cache; only making a public article private does.
NO_REDIS = cast(redis.Redis, object())


def follow(feed: FakeFeed, reader: int, author: int = AUTHOR) -> None:
    pull = feed.follows.stats(author).pull_since is not None
    assert feed.follows.follow(Relation(reader, author, f"r{reader}", f"a{author}", SINCE_US), pull)


def publish(feed: FakeFeed, article_id: int, author: int = AUTHOR) -> None:
    """A draft made public through the toggle, which queues its publish message."""
    feed.articles.create(Article(article_id, author, f"a{author}", f"post {article_id}", NOW))
    result = articles.toggle(
        NO_REDIS, Principal(author, f"a{author}"), article_id, NOW, articles=feed.articles, send=feed.queue
    )
    assert result["article"]["status"] == PUBLIC


def received(feed: FakeFeed) -> list[FanoutMessage]:
    """The queued messages as the consumer parses them."""
    return [fanout_adapter.validate_json(m.model_dump_json()) for m in feed.queue.take()]


def handle(feed: FakeFeed, message: FanoutMessage, threshold: int = 1000) -> None:
    fanout.handle(message, NOW_S, threshold, 20, stores=feed.stores)


def drain(feed: FakeFeed, threshold: int = 1000) -> list[str]:
    """Run the consumer until the queue is empty; the kinds of the messages handled."""
    kinds: list[str] = []
    while messages := received(feed):
        for message in messages:
            handle(feed, message, threshold)
            kinds.append(message.kind)
    return kinds


def inbox(feed: FakeFeed, reader: int) -> list[tuple[int, int]]:
    return [(e.sequence_id, e.article_id) for e in feed.inboxes.after(reader, 0, 10_000)]


def test_a_publication_reaches_each_follower_once_under_their_next_number():
    feed = FakeFeed()
    for reader in (11, 12, 13):
        follow(feed, reader)
    publish(feed, 100)
    assert drain(feed) == ["publish"]
    assert all(inbox(feed, reader) == [(1, 100)] for reader in (11, 12, 13))
    key = feed.articles.rows[100].feed_key
    assert key is not None and list(feed.outboxes.posts.values()) == [Post(AUTHOR, key, 100, pulled=False)]


def test_concurrent_publications_leave_every_inbox_dense_with_each_article_once():
    # Given five readers following three authors, and 30 publications queued
    feed, readers, authors = FakeFeed(), range(11, 16), (1, 2, 3)
    for reader in readers:
        for author in authors:
            follow(feed, reader, author)
    for article_id in range(100, 130):
        publish(feed, article_id, authors[article_id % 3])
    # When their fan-outs run at once
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda message: handle(feed, message), received(feed)))
    # Then every inbox holds 1..30 with no gap or repeat, each article once
    for reader in readers:
        entries = inbox(feed, reader)
        assert [sequence for sequence, _ in entries] == list(range(1, 31))
        assert sorted(article for _, article in entries) == list(range(100, 130))


def test_a_redelivered_message_keeps_its_number_and_the_readers_read_flag():
    # Given B's inbox holding A's post, already read
    feed = FakeFeed()
    follow(feed, 12)
    publish(feed, 100)
    message = received(feed)[0]
    handle(feed, message)
    feed.inboxes.mark_read(12)
    # When the message arrives twice more
    handle(feed, message)
    handle(feed, message)
    # Then the post is there once, under 1, still read; the next post gets 2
    assert inbox(feed, 12) == [(1, 100)] and feed.inboxes.unread(12) == []
    publish(feed, 101)
    drain(feed)
    assert inbox(feed, 12) == [(1, 100), (2, 101)]


def test_a_delivery_that_died_after_claiming_its_number_reuses_it():
    # Given a fan-out that took B's next number for the post and died before writing the entry
    feed = FakeFeed()
    follow(feed, 12)
    publish(feed, 100)
    message = received(feed)[0]
    assert isinstance(message, PublishMessage)
    assert feed.sequences.claim(12, claim_name(100, message.feed_key, SINCE_US)).sequence_id == 1
    assert inbox(feed, 12) == []
    # When the message is redelivered and another post follows
    handle(feed, message)
    publish(feed, 101)
    drain(feed)
    # Then the first post sits at the number it had claimed: no gap, no repeat
    assert inbox(feed, 12) == [(1, 100), (2, 101)]


def test_a_cancelled_push_is_hidden_from_the_sync_and_never_copied_to_a_new_follower():
    # Given B with two of A's posts delivered, then A making the first private
    feed = FakeFeed()
    follow(feed, 12)
    publish(feed, 100)
    publish(feed, 101)
    drain(feed)
    assert feed.articles.make_private(100, AUTHOR, PUBLIC) is not None
    # When B syncs, the entry is stepped over and the cursor moves past it
    result = timeline.sync(12, 10, inboxes=feed.inboxes, articles=feed.articles)
    assert [r["article"]["id"] for r in result["results"]] == [101] and result["last_sequence_id"] == 2
    # And a new follower's backfill copies only the live post
    follow(feed, 13)
    handle(feed, BackfillMessage(reader_id=13, author_id=AUTHOR, since_us=SINCE_US))
    assert inbox(feed, 13) == [(1, 101)]


def test_a_timed_message_publishes_a_still_due_article_and_nothing_once_its_timing_was_cancelled():
    # Given two timed drafts due now, the second cancelled since
    feed, due = FakeFeed(), NOW - timedelta(seconds=1)
    follow(feed, 12)
    for article_id in (100, 101):
        feed.articles.create(Article(article_id, AUTHOR, "a", "t", NOW))
        assert feed.articles.set_timed(article_id, AUTHOR, PRIVATE, due) is not None
    feed.articles.make_private(101, AUTHOR, "timed")
    # When both schedules fire
    for article_id in (100, 101):
        handle(feed, timed_message(article_id, AUTHOR, due))
    # Then only the still-timed one is public and pushed
    assert [feed.articles.rows[i].status for i in (100, 101)] == [PUBLIC, PRIVATE]
    assert inbox(feed, 12) == [(1, 100)]


def test_an_author_over_the_push_threshold_is_pulled_not_pushed():
    # Given A with three followers and a threshold of two
    feed = FakeFeed()
    for reader in (11, 12, 13):
        follow(feed, reader)
    # When A publishes twice
    publish(feed, 100)
    first = drain(feed, threshold=2)
    publish(feed, 101)
    second = drain(feed, threshold=2)
    # Then nothing reaches an inbox, the posts wait in the outbox, and every follower pulls A (promoted once)
    assert (first, second) == (["publish", "promote"], ["publish"])
    assert all(inbox(feed, reader) == [] for reader in (11, 12, 13))
    assert all(post.pulled for post in feed.outboxes.posts.values()) and len(feed.outboxes.posts) == 2
    assert all(feed.inboxes.head(reader).pulls == {AUTHOR} for reader in (11, 12, 13))


def test_followers_beyond_one_chunk_are_reached_by_the_next_message():
    feed = FakeFeed()
    readers = range(1000, 1000 + fanout.CHUNK + 1)
    for reader in readers:
        follow(feed, reader)
    publish(feed, 100)
    assert drain(feed, threshold=10_000) == ["publish", "publish"]
    assert all(inbox(feed, reader) == [(1, 100)] for reader in readers)
