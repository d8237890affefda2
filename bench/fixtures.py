"""Feed set-up the benchmark alone needs: readers and their follows, written in batches through the feed's models.

Users, addresses, carts and the catalogue come from devstack's shared factories, as the tests' do.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime

from chalicelib.feed.fanout import inboxes as inbox
from chalicelib.feed.fanout.inboxes import InboxModel
from chalicelib.feed.follows.repository import RelationModel, StatsModel

# Fan-out readers need no user item (the consumer reads follows and inboxes only), so they get ids from here.
READER_BASE = 10**9
_readers = itertools.count(READER_BASE)


def new_readers(count: int) -> list[int]:
    """Ids for fan-out readers (no user item needed)."""
    return [next(_readers) for _ in range(count)]


def seed_follows(follows: dict[int, list[int]]) -> None:
    """Author id -> new readers who follow them, written in batches (set-up only).

    The items are what the follow transaction writes: the relation, both counters and the reader's inbox head;
    moto copies every table a transaction touches, so a thousand follow transactions would take most of the run.
    """
    since_us = int(datetime.now(UTC).timestamp() * 1_000_000)
    followees: Counter[int] = Counter(reader for readers in follows.values() for reader in readers)
    with (
        RelationModel.batch_write() as relations_batch,
        StatsModel.batch_write() as stats_batch,
        InboxModel.batch_write() as heads,
    ):
        for author_id, readers in follows.items():
            for reader in readers:
                relation = RelationModel(
                    reader, author_id, follower_name=f"r{reader}", author_name=f"a{author_id}", since_us=since_us
                )
                relations_batch.save(relation)
        for reader, count in followees.items():
            stats_batch.save(StatsModel(reader, followers=0, followees=count))
            heads.save(InboxModel(reader, inbox.HEAD, unread_key=inbox.UNREAD_TOP))
    for author_id, readers in follows.items():
        StatsModel(author_id).update(actions=[StatsModel.followers.add(len(readers))])
