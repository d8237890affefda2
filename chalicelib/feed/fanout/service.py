"""Fan-out: publications to followers' inboxes (push), or to the outbox only for big authors (pull).

A message carries one chunk of followers: each follower's next number is claimed on their inbox head
(sequences.py), the entries are written (inboxes.py) and the next chunk is queued. Every function takes
`stores`, the DynamoDB repositories and the SQS queue unless a test passes in-memory ones.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from chalicelib.core import queues
from chalicelib.core.observability import logger, metrics
from chalicelib.feed.articles import repository as dynamodb_articles
from chalicelib.feed.articles.models import is_live
from chalicelib.feed.articles.repository import Articles
from chalicelib.feed.fanout import inboxes as dynamodb_inboxes
from chalicelib.feed.fanout import outboxes as dynamodb_outboxes
from chalicelib.feed.fanout import sequences as dynamodb_sequences
from chalicelib.feed.fanout.inboxes import Inboxes
from chalicelib.feed.fanout.messages import (
    QUEUE,
    BackfillMessage,
    FanoutMessage,
    PromoteMessage,
    PublishMessage,
    Sender,
)
from chalicelib.feed.fanout.models import Delivery, Entry, Post
from chalicelib.feed.fanout.outboxes import Outboxes
from chalicelib.feed.fanout.sequences import COMPACT_EVERY, Sequences, claim_name
from chalicelib.feed.follows import repository as dynamodb_follows
from chalicelib.feed.follows.repository import Follows

CHUNK = 500  # followers per message: ~500 claims on 16 threads and 20 batch writes stay well inside 30 s
WORKERS = 16
# Claims are kept CLAIM_TTL; a message whose delivery arose before DROP_AFTER could find its claim gone and
# duplicate an entry, so it is dropped (logged and counted) instead. The main queue keeps messages 4 days.
CLAIM_TTL_S = 4 * 86400
DROP_AFTER_S = 3 * 86400


@dataclass(frozen=True)
class Stores:
    """What fan-out reads and writes, and how it queues its next message; DynamoDB and SQS unless a test says."""

    articles: Articles = dynamodb_articles
    follows: Follows = dynamodb_follows
    outboxes: Outboxes = dynamodb_outboxes
    inboxes: Inboxes = dynamodb_inboxes
    sequences: Sequences = dynamodb_sequences
    send: Sender = queues.send


AWS = Stores()


def handle(message: FanoutMessage, now_s: int, threshold: int, backfill: int, *, stores: Stores = AWS) -> None:
    """Carry out one fan-out message; safe to run twice."""
    if now_s - message.event_seconds() > DROP_AFTER_S:
        logger.error("fan-out message too old to deliver without duplicates", extra={"body": message.model_dump()})
        metrics.add_metric(name="FanoutExpired", unit="Count", value=1)
        return
    if isinstance(message, PublishMessage):
        publish(message, now_s, threshold, stores=stores)
    elif isinstance(message, BackfillMessage):
        copy_in(message, now_s, backfill, stores=stores)
    else:
        promote(message, stores=stores)


def publish(message: PublishMessage, now_s: int, threshold: int, *, stores: Stores = AWS) -> None:
    """Write the outbox entry, then push to one chunk of followers and queue the next chunk (or pull: stop)."""
    author, first = message.author_id, message.after is None
    if first and message.timed and not _published_now(message, stores.articles):
        return
    followers, more = stores.follows.followers_page(author, message.after, CHUNK)
    if first:
        count = stores.follows.stats(author).followers if more else len(followers)
        pulled = count > threshold
        stores.outboxes.put(Post(author, message.feed_key, message.article_id, pulled))
        if pulled:
            if stores.follows.mark_pulled(author, now_s * 1_000_000):
                stores.send(QUEUE, PromoteMessage(author_id=author, at_s=now_s))
            return
    batch = [Delivery(f.id, f.since_us, message.article_id, author, message.feed_key) for f in followers]
    deliver(batch, now_s, parallel=True, stores=stores)
    if more:
        stores.send(QUEUE, message.model_copy(update={"after": followers[-1].id, "timed": False}))


def _published_now(message: PublishMessage, articles: Articles) -> bool:
    # The schedule fired: publish if still due; or the sweeper (or an earlier run) did, and this run continues.
    due_at = message.feed_key // 1_000_000
    if articles.publish_due(message.article_id, due_at, message.feed_key, now_s=None) is not None:
        return True
    return is_live(articles.get(message.article_id), message.feed_key)


def deliver(batch: list[Delivery], now_s: int, parallel: bool, *, stores: Stores = AWS) -> None:
    """Claim a sequence number per delivery, then write the entries 25 per BatchWriteItem.

    A delivery that finds its claim taken (a redelivery) writes its entry only if it is not there yet, so a
    reader's read flag survives. `parallel=False` keeps the batch's order in the sequence numbers.
    """
    names = [(d.owner_id, claim_name(d.article_id, d.feed_key, d.since_us)) for d in batch]
    if parallel and len(names) > 1:
        with ThreadPoolExecutor(WORKERS) as pool:
            taken = list(pool.map(lambda pair: stores.sequences.claim(*pair), names))
    else:
        taken = [stores.sequences.claim(owner, name) for owner, name in names]
    entries = [
        Entry(c.owner_id, c.sequence_id, d.article_id, d.author_id, d.feed_key)
        for c, d in zip(taken, batch, strict=True)
    ]
    retried = [(c.owner_id, c.sequence_id) for c in taken if not c.fresh]
    present = stores.inboxes.existing(retried) if retried else set()
    stores.inboxes.write_entries([e for e in entries if (e.owner_id, e.sequence_id) not in present])
    for c in taken:
        if c.fresh and c.held % COMPACT_EVERY == 0:
            stores.sequences.compact(c.owner_id, now_s - CLAIM_TTL_S)


def copy_in(message: BackfillMessage, now_s: int, limit: int, *, stores: Stores = AWS) -> None:
    """Deliver the author's latest `limit` public, pushed articles to a new follower, oldest first."""
    relation = stores.follows.following(message.reader_id, message.author_id)
    if relation is None or relation.since_us != message.since_us:
        return  # unfollowed (or followed again) since: that follow's own message does the copy
    posts, _ = stores.outboxes.latest(message.author_id, None, limit * 2)
    posts = [p for p in posts if not p.pulled]  # pulled posts reach the reader at read time
    found = stores.articles.many(p.article_id for p in posts)
    live = [p for p in posts if is_live(found.get(p.article_id), p.feed_key)][:limit]
    batch = [Delivery(message.reader_id, message.since_us, p.article_id, p.author_id, p.feed_key) for p in live]
    deliver(list(reversed(batch)), now_s, parallel=False, stores=stores)


def promote(message: PromoteMessage, *, stores: Stores = AWS) -> None:
    """Add the author to one chunk of followers' pulled authors and queue the next chunk."""
    followers, more = stores.follows.followers_page(message.author_id, message.after, CHUNK)
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda f: stores.inboxes.add_pull(f.id, message.author_id), followers))
    if more:
        stores.send(QUEUE, message.model_copy(update={"after": followers[-1].id}))
