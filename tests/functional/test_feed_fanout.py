"""Fan-out: pushed to followers through the queue, dense sequences under concurrency, idempotent redelivery, pull."""

from __future__ import annotations

import threading
import time

import pytest

import app as app_module
from chalicelib.core import queues
from chalicelib.core.clients import aws_client
from chalicelib.feed.fanout import inboxes as inbox
from chalicelib.feed.fanout import messages
from chalicelib.feed.fanout import sequences as claims
from chalicelib.feed.fanout import service as fanout
from chalicelib.feed.follows import repository as relations
from devstack.events import lambda_context, sqs_event
from tests.counting import count_dynamodb
from tests.factories import call, follow, make_article, make_user
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services")

QUEUE, CONSUMER = "feed-fanout", "feed_fanout_consumer"


def drain() -> int:
    """Run the fan-out consumer until the queue is empty (chunks and backfills queue more messages)."""
    return consume(QUEUE, CONSUMER, max_batches=50)


def home_ids(client, token: str, size: int = 20) -> list[int]:
    status, body = call(client, "GET", f"/push/article/?size={size}", token=token)
    assert status == 200, body
    return [item["id"] for item in body["results"] if item["source"] == "follow"]


def timeline_ids(client, token: str) -> list[int]:
    status, body = call(client, "GET", "/timeline/?size=50", token=token)
    assert status == 200, body
    return [item["id"] for item in body["results"]]


def sync(client, token: str, size: int = 100) -> dict:
    status, body = call(client, "GET", f"/timeline/sync/?size={size}", token=token)
    assert status == 200, body
    return body


def entries(owner_id: int) -> list[inbox.Entry]:
    return inbox.after(owner_id, 0, 1000)


def test_a_post_reaches_followers_home_feeds_and_leaves_them_when_made_private(client):
    # Given B and C following A
    a, b, c = make_user(), make_user(), make_user()
    for reader in (b, c):
        follow(client, reader["token"], a["id"])
    drain()
    # When A publishes and the consumer runs
    article = make_article(client, a["token"], publish=True)
    drain()
    # Then it is in both home feeds and timelines
    for reader in (b, c):
        assert timeline_ids(client, reader["token"]) == [article["id"]]
        assert home_ids(client, reader["token"]) == [article["id"]]
    # When A makes it private, it is gone for both, everywhere
    status, body = call(client, "PATCH", f"/article/{article['id']}/", token=a["token"])
    assert (status, body["article"]["status"]) == (200, "private")
    for reader in (b, c):
        assert timeline_ids(client, reader["token"]) == []
        assert sync(client, reader["token"])["results"] == []
        status, body = call(client, "GET", f"/article/{article['id']}/retrieve/", token=reader["token"])
        assert status == 404


def test_concurrent_publishes_leave_one_inbox_dense_and_each_article_once(client):
    # Given a reader following 3 authors with 20 drafts each
    reader, authors = make_user(), [make_user() for _ in range(3)]
    for author in authors:
        follow(client, reader["token"], author["id"])
    drain()
    drafts = [(author["token"], make_article(client, author["token"])["id"]) for author in authors for _ in range(20)]
    # When all 60 are published at once and their fan-outs run concurrently
    barrier = threading.Barrier(len(drafts))

    def publish(token: str, article_id: int) -> None:
        barrier.wait()
        status, body = call(client, "PATCH", f"/article/{article_id}/", token=token)
        assert status == 200, body

    _run_all([threading.Thread(target=publish, args=draft) for draft in drafts])
    received = _receive_all(60)
    _run_all([threading.Thread(target=_handle, args=(message,)) for message in received])
    # Then the reader's sync returns sequence ids exactly 1..60, each article once
    result = sync(client, reader["token"])
    assert [r["sequence_id"] for r in result["results"]] == list(range(1, 61))
    assert sorted(r["article"]["id"] for r in result["results"]) == sorted(i for _, i in drafts)
    assert result["last_sequence_id"] == 60
    assert sync(client, reader["token"]) == {"code": "0", "errmsg": "OK", "results": [], "last_sequence_id": 60}


def _run_all(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _receive_all(count: int) -> list[dict]:
    """Take `count` messages off the fan-out queue as SQS returned them."""
    sqs = aws_client("sqs")
    received: list[dict] = []
    while len(received) < count:
        got = sqs.receive_message(QueueUrl=queues.queue_url(messages.QUEUE), MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for message in got.get("Messages", []):
            received.append(message)
            sqs.delete_message(QueueUrl=queues.queue_url(messages.QUEUE), ReceiptHandle=message["ReceiptHandle"])
    return received


def _handle(*received: dict) -> None:
    """Invoke the consumer with these messages as one SQS batch (a copy per position, as redeliveries are)."""
    batch = [{**message, "MessageId": f"{message['MessageId']}-{i}"} for i, message in enumerate(received)]
    event = sqs_event(batch, f"arn:aws:sqs:us-east-1:123456789012:shop-{QUEUE}", "us-east-1")
    result = app_module.feed_fanout_consumer(event, lambda_context(CONSUMER, 512, 30, "us-east-1", "1"))
    assert result == {"batchItemFailures": []}, result


def test_a_redelivered_message_leaves_no_duplicate(client):
    # Given B following A and A's publish message delivered once
    a, b = make_user(), make_user()
    follow(client, b["token"], a["id"])
    drain()
    article = make_article(client, a["token"], publish=True)
    message = _receive_all(1)[0]
    _handle(message)
    # When the same message arrives again, alone and twice in one batch
    _handle(message)
    _handle(message, message)
    # Then B's inbox holds it once, under sequence 1
    assert [(e.sequence_id, e.article_id) for e in entries(b["id"])] == [(1, article["id"])]
    assert [r["sequence_id"] for r in sync(client, b["token"])["results"]] == [1]


def test_a_delivery_that_died_after_taking_its_number_reuses_it(client):
    # Given a fan-out that took B's next number for the article and died before writing the entry
    a, b = make_user(), make_user()
    follow(client, b["token"], a["id"])
    drain()
    article = make_article(client, a["token"], publish=True)
    received = _receive_all(1)[0]
    message = messages.PublishMessage.model_validate_json(received["Body"])
    since_us = int(relations.RelationModel.get(b["id"], a["id"]).since_us)
    taken = claims.claim(b["id"], claims.claim_name(article["id"], message.feed_key, since_us))
    assert (taken.sequence_id, taken.fresh) == (1, True)
    assert sync(client, b["token"])["last_sequence_id"] == 0  # the number is taken, the entry missing
    # When the message is redelivered and another post follows
    _handle(received)
    second = make_article(client, a["token"], publish=True)
    drain()
    # Then the first post sits at the number it had claimed: 1, 2 and no gap
    result = sync(client, b["token"])
    assert [(r["sequence_id"], r["article"]["id"]) for r in result["results"]] == [
        (1, article["id"]),
        (2, second["id"]),
    ]


def test_fanout_to_f_followers_costs_f_counter_updates_and_f_over_25_batch_writes(client):
    # Given an author with 30 followers
    author = make_user()
    readers = [make_user() for _ in range(30)]
    for reader in readers:
        follow(client, reader["token"], author["id"])
    drain()
    make_article(client, author["token"], publish=True)
    message = _receive_all(1)[0]
    # When the consumer fans the post out
    with count_dynamodb() as dynamodb:
        _handle(message)
    # Then: one follower page, the outbox entry, 30 claims, ceil(30/25) = 2 batch writes
    assert sorted(dynamodb.operations) == sorted(["Query", "PutItem"] + ["UpdateItem"] * 30 + ["BatchWriteItem"] * 2)
    assert all(len(entries(r["id"])) == 1 for r in readers)


def test_above_the_push_threshold_posts_are_pulled_not_pushed(client, settings):
    # Given A with 3 followers and a push threshold of 2
    settings.feed_push_threshold = 2
    a, readers = make_user(), [make_user() for _ in range(3)]
    for reader in readers:
        follow(client, reader["token"], a["id"])
    drain()
    # When A publishes three posts
    posts = [make_article(client, a["token"], publish=True)["id"] for _ in range(3)]
    drain()
    # Then no inbox entry is written, yet every follower sees them newest first in timeline and home feed
    for reader in readers:
        assert entries(reader["id"]) == []
        assert timeline_ids(client, reader["token"]) == posts[::-1]
        assert home_ids(client, reader["token"]) == posts[::-1]
        assert home_ids(client, reader["token"]) == []  # shown once: marked read


def test_follow_copies_recent_posts_and_unfollow_hides_them(client, settings):
    # Given A with three public posts and one private draft
    settings.feed_backfill = 2
    a, b = make_user(), make_user()
    old, mid, new = (make_article(client, a["token"], publish=True)["id"] for _ in range(3))
    make_article(client, a["token"])
    drain()  # A had no followers when these went out
    # When B follows A
    assert follow(client, b["token"], a["id"])["status"] == 1
    drain()
    # Then the latest two are copied in, oldest first, under 1 and 2
    assert [(e.sequence_id, e.article_id) for e in entries(b["id"])] == [(1, mid), (2, new)]
    assert old not in timeline_ids(client, b["token"])
    # When B unfollows, A's posts are hidden; following again brings them back once
    assert follow(client, b["token"], a["id"], status=1)["status"] == 0
    assert timeline_ids(client, b["token"]) == []
    follow(client, b["token"], a["id"])
    drain()
    assert timeline_ids(client, b["token"]) == [new, mid]
    assert [r["article"]["id"] for r in sync(client, b["token"])["results"]] == [mid, new]


def test_claims_older_than_their_ttl_are_pruned_every_64th_claim_and_recent_ones_kept():
    # Given 60 deliveries to one inbox that arose five days ago, then 4 recent ones
    owner, now_s = make_user()["id"], int(time.time())
    old_key, new_key = (now_s - 5 * 86400) * 1_000_000, now_s * 1_000_000
    batch = [fanout.Delivery(owner, 0, 10**9 + i, 1, old_key + i) for i in range(60)]
    batch += [fanout.Delivery(owner, 0, 10**9 + 100 + i, 1, new_key + i) for i in range(4)]
    # When they are delivered (the 64th claim looks for stale ones)
    fanout.deliver(batch, now_s, parallel=False)
    # Then the inbox is dense 1..64, and only the 4 recent claims remain on the head
    assert [e.sequence_id for e in entries(owner)] == list(range(1, 65))
    head = aws_client("dynamodb").get_item(
        TableName=inbox.TABLE, Key={"owner_id": {"N": str(owner)}, "sequence_id": {"N": "0"}}, ConsistentRead=True
    )["Item"]
    assert sorted(k for k in head if k.startswith(claims.PREFIX)) == sorted(
        claims.claim_name(d.article_id, d.feed_key, 0) for d in batch[60:]
    )
    assert head["claim_count"] == {"N": "4"}
    # And a recent delivery arriving again still finds its number
    fanout.deliver(batch[62:63], now_s, parallel=False)
    assert len(entries(owner)) == 64
