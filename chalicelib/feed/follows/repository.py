"""Follows (the seed's user_relation_table) and per-user follower counts."""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model

from chalicelib.core.storage import table_meta
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.feed import inbox_repository as inbox


class FollowersIndex(GlobalSecondaryIndex["RelationModel"]):
    """An author's followers in id order: one Query per page, for the list and for the fan-out."""

    class Meta:
        index_name = "followers"
        projection = IncludeProjection(["follower_name", "since_us"])

    author_id = NumberAttribute(hash_key=True)
    follower_id = NumberAttribute(range_key=True)


class RelationModel(Model):
    """One follow; the names are copied in so lists need no user lookups."""

    Meta = table_meta("feed-relations")
    follower_id = NumberAttribute(hash_key=True)
    author_id = NumberAttribute(range_key=True)
    follower_name = UnicodeAttribute()
    author_name = UnicodeAttribute()
    since_us = NumberAttribute()  # when the follow began: names its deliveries (claims_repository)
    followers = FollowersIndex()


class StatsModel(Model):
    """A user's counters, changed in the follow and unfollow transactions."""

    Meta = table_meta("feed-stats")
    user_id = NumberAttribute(hash_key=True)
    followers = NumberAttribute(default=0)
    followees = NumberAttribute(default=0)
    pull_since = NumberAttribute(null=True)  # set once the author went over the push threshold


@dataclass(frozen=True)
class Person:
    """One side of a follow in a list."""

    id: int
    username: str
    since_us: int


def following(follower_id: int, author_id: int) -> RelationModel | None:
    """The follow, or None."""
    try:
        return RelationModel.get(follower_id, author_id)
    except DoesNotExist:
        return None


def stats(user_id: int) -> StatsModel:
    """The user's counters (zeros if they have none yet)."""
    try:
        return StatsModel.get(user_id)
    except DoesNotExist:
        return StatsModel(user_id, followers=0, followees=0)


def follow(relation: RelationModel, pull: bool) -> bool:
    """Store a follow with both counters and the reader's head in one transaction; False if it already existed."""
    reader, author = int(relation.follower_id), int(relation.author_id)
    try:
        with Transaction() as tx:
            tx.save(relation, condition=RelationModel.follower_id.does_not_exist(), label="relation")
            tx.update(StatsModel(reader), actions=[StatsModel.followees.add(1)], label="follower")
            tx.update(StatsModel(author), actions=[StatsModel.followers.add(1)], label="author")
            inbox.on_follow(tx, reader, author, pull)
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
            inbox.on_unfollow(tx, follower_id, author_id)
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
    try:
        StatsModel(author_id).update(
            actions=[StatsModel.pull_since.set(now_us)], condition=StatsModel.pull_since.does_not_exist()
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
