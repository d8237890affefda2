"""Follows (the seed's user_relation_table) and per-user follower counts.

This module's functions are the DynamoDB implementation of `Follows`; they take and return follows.models types.
"""

from __future__ import annotations

from typing import Protocol

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model

from chalicelib.core.storage import get_or_none, table_meta, write_if
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.feed.fanout import inboxes
from chalicelib.feed.follows.models import Person, Relation, Stats


class Follows(Protocol):
    """Where follows and users' counters are kept."""

    def following(self, follower_id: int, author_id: int) -> Relation | None: ...
    def stats(self, user_id: int) -> Stats: ...
    def follow(self, relation: Relation, pull: bool) -> bool: ...
    def unfollow(self, follower_id: int, author_id: int) -> bool: ...
    def followers_page(self, author_id: int, after: int | None, limit: int) -> tuple[list[Person], bool]: ...
    def followees_page(self, follower_id: int, after: int | None, limit: int) -> tuple[list[Person], bool]: ...
    def mark_pulled(self, author_id: int, now_us: int) -> bool: ...


class FollowersIndex(GlobalSecondaryIndex["RelationModel"]):
    """An author's followers in id order: one Query per page, for the list and for the fan-out."""

    class Meta:
        index_name = "followers"
        projection = IncludeProjection(["follower_name", "since_us"])

    author_id = NumberAttribute(hash_key=True)
    follower_id = NumberAttribute(range_key=True)


class RelationModel(Model):
    """One follow (a `Relation`)."""

    Meta = table_meta("feed-relations")
    follower_id = NumberAttribute(hash_key=True)
    author_id = NumberAttribute(range_key=True)
    follower_name = UnicodeAttribute()
    author_name = UnicodeAttribute()
    since_us = NumberAttribute()
    followers = FollowersIndex()


class StatsModel(Model):
    """A user's counters (`Stats`), changed in the follow and unfollow transactions."""

    Meta = table_meta("feed-stats")
    user_id = NumberAttribute(hash_key=True)
    followers = NumberAttribute(default=0)
    followees = NumberAttribute(default=0)
    pull_since = NumberAttribute(null=True)


def following(follower_id: int, author_id: int) -> Relation | None:
    """The follow, or None."""
    row = get_or_none(RelationModel, follower_id, author_id)
    if row is None:
        return None
    return Relation(follower_id, author_id, row.follower_name, row.author_name, int(row.since_us))


def stats(user_id: int) -> Stats:
    """The user's counters (zeros if they have none yet)."""
    row = get_or_none(StatsModel, user_id)
    if row is None:
        return Stats(user_id)
    pull_since = None if row.pull_since is None else int(row.pull_since)
    return Stats(user_id, int(row.followers or 0), int(row.followees or 0), pull_since)


def follow(relation: Relation, pull: bool) -> bool:
    """Store a follow with both counters and the reader's head in one transaction; False if it already existed."""
    reader, author = relation.follower_id, relation.author_id
    row = RelationModel(
        reader,
        author,
        follower_name=relation.follower_name,
        author_name=relation.author_name,
        since_us=relation.since_us,
    )
    try:
        with Transaction() as tx:
            tx.save(row, condition=RelationModel.follower_id.does_not_exist(), label="relation")
            tx.update(StatsModel(reader), actions=[StatsModel.followees.add(1)], label="follower")
            tx.update(StatsModel(author), actions=[StatsModel.followers.add(1)], label="author")
            inboxes.on_follow(tx, reader, author, pull)
    except TransactionCancelled as exc:
        if "relation" in exc.failed:
            return False
        raise
    return True


def unfollow(follower_id: int, author_id: int) -> bool:
    """Delete a follow, both counters and the reader's mute in one transaction; False if there was none."""
    try:
        with Transaction() as tx:
            tx.delete(
                RelationModel(follower_id, author_id), condition=RelationModel.follower_id.exists(), label="relation"
            )
            tx.update(StatsModel(follower_id), actions=[StatsModel.followees.add(-1)], label="follower")
            tx.update(StatsModel(author_id), actions=[StatsModel.followers.add(-1)], label="author")
            inboxes.on_unfollow(tx, follower_id, author_id)
    except TransactionCancelled as exc:
        if "relation" in exc.failed:
            return False
        raise
    return True


def followers_page(author_id: int, after: int | None, limit: int) -> tuple[list[Person], bool]:
    """Followers after the id `after`, ascending; whether more may follow."""
    condition = RelationModel.follower_id > after if after is not None else None
    rows = RelationModel.followers.query(author_id, condition, limit=limit)
    people = [Person(int(r.follower_id), r.follower_name, int(r.since_us)) for r in rows]
    return people, len(people) == limit


def followees_page(follower_id: int, after: int | None, limit: int) -> tuple[list[Person], bool]:
    """Followed authors after the id `after`, ascending; whether more may follow."""
    condition = RelationModel.author_id > after if after is not None else None
    rows = RelationModel.query(follower_id, condition, limit=limit)
    people = [Person(int(r.author_id), r.author_name, int(r.since_us)) for r in rows]
    return people, len(people) == limit


def mark_pulled(author_id: int, now_us: int) -> bool:
    """Record that the author is pulled from now on; True only for the call that recorded it first."""
    return write_if(
        lambda: StatsModel(author_id).update(
            actions=[StatsModel.pull_since.set(now_us)], condition=StatsModel.pull_since.does_not_exist()
        )
    )
