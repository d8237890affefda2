"""Notices: the verbs, one activity, and the groups activities aggregate into (verb + article + business day)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Literal, NamedTuple

Verb = Literal["follow", "like", "comment", "reward", "collect"]
# A repeat of these by an actor already in the group is no new activity: liking, unliking and liking again, or
# following, unfollowing and following again, tells the author nothing new (and cannot be used to stay on top).
ONCE_PER_ACTOR: frozenset[str] = frozenset({"follow", "like", "collect"})
KEEP_ACTORS = 3  # the newest actors a group shows ("A, B, C and N others")
GROUP_ID = re.compile(r"^(follow|like|comment|reward|collect)(-[1-9][0-9]{0,17})?-[0-9]{8}$")


class Actor(NamedTuple):
    """Who acted, as the notification shows them; `avatar` is a media key."""

    id: int
    username: str
    nickname: str | None = None
    avatar: str | None = None


@dataclass(frozen=True)
class Activity:
    """One thing an author is told of; `event_id` names it, so applying it twice is applying it once."""

    event_id: str
    verb: Verb
    actor: Actor
    recipient_id: int
    article_id: int | None
    article_title: str | None
    at: int  # epoch seconds
    count: int = 1  # activities in one change (comments recorded together)


class Group(NamedTuple):
    """A recipient's activities of one verb on one article (follows: on no article) in one business day.

    `rank` orders a recipient's groups (the newest activity highest); a group is read when read at its rank, and
    seen when read or when the recipient marked everything up to its rank seen: a new activity raises the rank,
    so the group is unread and unseen again without touching any flag.
    """

    id: str
    verb: Verb
    article_id: int | None
    article_title: str | None
    actors: tuple[Actor, ...]
    actor_count: int
    activity_count: int
    updated_at: int
    rank: int
    read_rank: int | None = None
    version: int = 0

    @property
    def is_read(self) -> bool:
        """Read since its last activity."""
        return self.read_rank == self.rank

    def is_seen(self, seen_rank: int) -> bool:
        """Read, or marked seen since its last activity."""
        return self.is_read or self.rank <= seen_rank


class Counts(NamedTuple):
    """A recipient's groups: total and unseen and unread; `seq` the highest rank given, `version` for writes."""

    seq: int = 0
    seen_rank: int = 0
    groups: int = 0
    unseen: int = 0
    unread: int = 0
    version: int = 0


def group_id(verb: Verb, article_id: int | None, at: int, zone: tzinfo) -> str:
    """The group an activity belongs to: its verb, its article (none for follows) and its day in `zone`."""
    day = datetime.fromtimestamp(at, zone).strftime("%Y%m%d")
    return f"{verb}-{article_id}-{day}" if article_id is not None else f"{verb}-{day}"


def with_actor(actors: tuple[Actor, ...], actor: Actor) -> tuple[Actor, ...]:
    """The newest KEEP_ACTORS actors once `actor` has acted: it first, nobody twice."""
    return (actor, *(a for a in actors if a.id != actor.id))[:KEEP_ACTORS]
