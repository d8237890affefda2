"""Notices in DynamoDB: activities applied under the versions they read, reads in at most two requests.

Every write that depends on what it read (an activity, reading one group) is one transaction conditioned on the
versions it read, of the group and of the recipient's counts, and is made again from a fresh read when another
write came first: the counts never drift, whatever runs at once. Marking all seen depends on nothing read: one
UpdateItem sets `seen_rank` to `seq`. This module's functions are the DynamoDB implementation of `Notices`.
"""

from __future__ import annotations

import random
import time
from typing import Literal, Protocol

from pynamodb.expressions.update import Action

from chalicelib.core.errors import ServiceUnavailable
from chalicelib.core.storage import get_or_none
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.feed.notices.models import ONCE_PER_ACTOR, Activity, Actor, Counts, Group, with_actor
from chalicelib.feed.notices.tables import COUNTS, ActorMap, NoticeModel, actor_key, event_key, group_key

Outcome = Literal["applied", "repeat", "duplicate"]
TRIES = 12  # reads and writes of one activity before it is left to the stream's retry
PAUSE_SECONDS = 0.01
EVENT_TTL_S = 2 * 86_400  # a stream retries a record for at most 24 hours
LIST_DEPTH = 500  # the newest groups a recipient can page through: one Query of at most this many


class Contended(ServiceUnavailable):
    """Other writes to the same recipient kept coming first: the activity is left for the stream to retry."""


class Notices(Protocol):
    """Where a recipient's notices are kept."""

    def apply(self, activity: Activity, group_id: str) -> Outcome: ...
    def counts(self, user_id: int) -> Counts: ...
    def newest(self, user_id: int, limit: int) -> tuple[list[Group], Counts]: ...
    def mark_seen(self, user_id: int) -> Counts: ...
    def mark_read(self, user_id: int, group_id: str) -> bool: ...


def _counts(row: NoticeModel | None) -> Counts:
    if row is None:
        return Counts()
    return Counts(
        int(row.seq or 0), int(row.seen_rank or 0), int(row.groups or 0), int(row.unseen or 0),
        int(row.unread or 0), int(row.version or 0),
    )  # fmt: skip


def _group(row: NoticeModel) -> Group:
    actors = tuple(Actor(int(a.id), str(a.username), a.nickname, a.avatar) for a in row.actors or [])
    return Group(
        id=row.sk.removeprefix("g#"),
        verb=row.verb,  # type: ignore[arg-type]  # written from a Verb only
        article_id=int(row.article_id) if row.article_id is not None else None,
        article_title=row.article_title,
        actors=actors,
        actor_count=int(row.actor_count or 0),
        activity_count=int(row.activity_count or 0),
        updated_at=int(row.updated_at or 0),
        rank=int(row.rank or 0),
        read_rank=int(row.read_rank) if row.read_rank is not None else None,
        version=int(row.version or 0),
    )


def _load(user_id: int, *keys: str) -> dict[str, NoticeModel]:
    """The recipient's items under `keys` that exist, read consistently in one BatchGetItem."""
    return {row.sk: row for row in NoticeModel.batch_get([(user_id, k) for k in keys], consistent_read=True)}


def _pause(attempt: int) -> None:
    time.sleep(PAUSE_SECONDS * min(2**attempt, 32) * random.uniform(0.5, 1.5))


def _version_is(version: int | None) -> object:
    return NoticeModel.sk.does_not_exist() if version is None else NoticeModel.version == version


def apply(activity: Activity, group_id: str) -> Outcome:
    """Add an activity to its group: "duplicate" if applied before, "repeat" if it adds nothing to the group."""
    user, gkey = activity.recipient_id, group_key(group_id)
    akey, ekey = actor_key(group_id, activity.actor.id), event_key(activity.event_id)
    for attempt in range(TRIES):
        found = _load(user, COUNTS, gkey, akey, ekey)
        if ekey in found:
            return "duplicate"
        known = akey in found
        if known and activity.verb in ONCE_PER_ACTOR:
            return "repeat"
        try:
            _write(activity, group_id, found.get(COUNTS), found.get(gkey), known)
            return "applied"
        except TransactionCancelled as exc:
            if "event" in exc.failed:
                return "duplicate"
        _pause(attempt)
    raise Contended("notices: too many concurrent writes for one recipient")


def _write(
    activity: Activity, group_id: str, counts_row: NoticeModel | None, row: NoticeModel | None, known: bool
) -> None:
    user, counts = activity.recipient_id, _counts(counts_row)
    old = _group(row) if row is not None else None
    rank = counts.seq + 1
    unread = old is None or old.is_read
    unseen = old is None or old.is_seen(counts.seen_rank)
    actor = activity.actor
    group = NoticeModel(
        user,
        group_key(group_id),
        verb=activity.verb,
        article_id=activity.article_id,
        article_title=activity.article_title,
        actors=[ActorMap(id=a.id, username=a.username, nickname=a.nickname, avatar=a.avatar)
                for a in with_actor(old.actors if old else (), actor)],
        actor_count=(old.actor_count if old else 0) + (0 if known else 1),
        activity_count=(old.activity_count if old else 0) + activity.count,
        updated_at=max(old.updated_at if old else 0, activity.at),
        rank=rank,
        read_rank=old.read_rank if old else None,
        version=(old.version if old else 0) + 1,
    )  # fmt: skip
    actions: list[Action] = [
        NoticeModel.seq.set(rank),
        NoticeModel.version.set(counts.version + 1),
        NoticeModel.groups.add(1 if old is None else 0),
        NoticeModel.unread.add(1 if unread else 0),
        NoticeModel.unseen.add(1 if unseen else 0),
    ]
    expires = int(time.time()) + EVENT_TTL_S
    with Transaction() as tx:
        tx.save(NoticeModel(user, event_key(activity.event_id), expires_at=expires),
                condition=NoticeModel.sk.does_not_exist(), label="event")  # fmt: skip
        if not known:
            tx.save(NoticeModel(user, actor_key(group_id, actor.id)), NoticeModel.sk.does_not_exist(), "actor")
        tx.save(group, condition=_version_is(old.version if old else None), label="group")  # type: ignore[arg-type]
        counts_version = counts.version if counts_row is not None else None
        tx.update(NoticeModel(user, COUNTS), actions, _version_is(counts_version), "counts")  # type: ignore[arg-type]


def counts(user_id: int) -> Counts:
    """The recipient's counts (one consistent GetItem)."""
    return _counts(get_or_none(NoticeModel, user_id, COUNTS, consistent_read=True))


def newest(user_id: int, limit: int) -> tuple[list[Group], Counts]:
    """The recipient's `limit` newest groups and their counts: a GetItem, and a Query unless there are none."""
    found = counts(user_id)
    if found.groups == 0:
        return [], found
    limit = min(limit, LIST_DEPTH)
    rows = NoticeModel.by_rank.query(
        user_id, scan_index_forward=False, consistent_read=True, limit=limit, page_size=limit
    )
    return [_group(row) for row in rows], found


def mark_seen(user_id: int) -> Counts:
    """Every group seen: one UpdateItem, `seen_rank` set to the highest rank given, `unseen` to 0; the counts after."""
    row = NoticeModel(user_id, COUNTS)
    # pynamodb asks for ALL_NEW and sets them on `row`: the counts after, without a second request.
    row.update(
        actions=[
            NoticeModel.seen_rank.set(NoticeModel.seq | 0),
            NoticeModel.unseen.set(0),
            NoticeModel.version.add(1),
        ]
    )
    return _counts(row)


def mark_read(user_id: int, group_id: str) -> bool:
    """One group read (and so seen); False when the recipient has no such group."""
    gkey = group_key(group_id)
    for attempt in range(TRIES):
        found = _load(user_id, COUNTS, gkey)
        if gkey not in found:
            return False
        group, counts = _group(found[gkey]), _counts(found.get(COUNTS))
        if group.is_read:
            return True
        actions: list[Action] = [NoticeModel.unread.add(-1), NoticeModel.version.set(counts.version + 1)]
        if not group.is_seen(counts.seen_rank):
            actions.append(NoticeModel.unseen.add(-1))
        read: list[Action] = [NoticeModel.read_rank.set(group.rank), NoticeModel.version.set(group.version + 1)]
        try:
            with Transaction() as tx:
                tx.update(NoticeModel(user_id, gkey), read, NoticeModel.version == group.version, "group")
                tx.update(NoticeModel(user_id, COUNTS), actions, NoticeModel.version == counts.version, "counts")
            return True
        except TransactionCancelled:
            _pause(attempt)
    raise Contended("notices: too many concurrent writes for one recipient")
