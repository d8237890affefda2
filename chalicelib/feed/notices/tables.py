"""The notices table: per recipient, its groups (ranked by an LSI), one counts item, actor and event markers.

Keys under one recipient (`user_id`): `c` the counts, `g#<group>` a group, `a#<group>#<actor>` an actor already
counted in a group, `e#<event>` an activity already applied (expiring: a stream retries for 24 hours at most).
Only groups carry `rank`, so the `by-rank` index holds groups alone.
"""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, LocalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core.storage import table_meta

COUNTS = "c"


def group_key(group_id: str) -> str:
    """A group's sort key."""
    return f"g#{group_id}"


def actor_key(group_id: str, actor_id: int) -> str:
    """The sort key of the marker saying an actor is counted in a group."""
    return f"a#{group_id}#{actor_id}"


def event_key(event_id: str) -> str:
    """The sort key of the marker saying an activity was applied."""
    return f"e#{event_id}"


class ActorMap(MapAttribute[str, object]):
    """One of a group's newest actors, as shown."""

    id = NumberAttribute()
    username = UnicodeAttribute()
    nickname = UnicodeAttribute(null=True)
    avatar = UnicodeAttribute(null=True)


class ByRankIndex(LocalSecondaryIndex["NoticeModel"]):
    """A recipient's groups, newest activity first: a page is one Query."""

    class Meta:
        index_name = "by-rank"
        projection = AllProjection()

    user_id = NumberAttribute(hash_key=True)
    rank = NumberAttribute(range_key=True)


class NoticeModel(Model):
    """Every item of the notices table (see the module's docstring for which attributes each kind holds)."""

    Meta = table_meta("feed-notices")
    user_id = NumberAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    version = NumberAttribute(null=True)  # groups and counts: every change adds one, every change requires it
    # groups
    verb = UnicodeAttribute(null=True)
    article_id = NumberAttribute(null=True)
    article_title = UnicodeAttribute(null=True)
    actors = ListAttribute(of=ActorMap, null=True)
    actor_count = NumberAttribute(null=True)
    activity_count = NumberAttribute(null=True)
    updated_at = NumberAttribute(null=True)
    rank = NumberAttribute(null=True)
    read_rank = NumberAttribute(null=True)
    # counts
    seq = NumberAttribute(null=True)
    seen_rank = NumberAttribute(null=True)
    groups = NumberAttribute(null=True)
    unseen = NumberAttribute(null=True)
    unread = NumberAttribute(null=True)
    # event markers
    expires_at = NumberAttribute(null=True)
    by_rank = ByRankIndex()


TABLE = str(NoticeModel.Meta.table_name)
