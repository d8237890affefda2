"""What the feed's own changes tell an author, read off the streams that carry them (no request writes a notice).

The behaviour log's stream: a like, a comment, a reward or a 收藏 appears as the log item gaining `liked_at` or
`collected_at`, or its `comments` or `rewards` growing (the local reward and Alipay's notification both write the
log). The follows' stream: a relation inserted is a follow. An unlike, un-收藏 or unfollow removes nothing: the
author was told, and history keeps it (a repeat by the same actor is then no new activity: models.ONCE_PER_ACTOR).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.feed.notices.models import Verb

Image = Mapping[str, Any]  # a stream image, deserialized (numbers as Decimal)


@dataclass(frozen=True)
class Change:
    """An activity as a stream record shows it, before its article and actor are looked up."""

    event_id: str
    verb: Verb
    actor_id: int
    article_id: int | None
    at: int
    count: int = 1
    recipient_id: int | None = None  # known from the record for follows; an article's author otherwise


def _number(image: Image | None, name: str) -> int:
    value = (image or {}).get(name)
    return int(value) if value is not None else 0


def _gained(old: Image | None, new: Image, name: str) -> bool:
    return new.get(name) is not None and (old or {}).get(name) is None


def from_log(event_id: str, old: Image | None, new: Image | None) -> list[Change]:
    """The activities in one change of a behaviour-log item (none for a read, an unlike or a removal)."""
    if new is None:
        return []
    actor, article = int(new["user_id"]), int(new["article_id"])
    found: list[Change] = []

    def add(verb: Verb, at: str, count: int = 1) -> None:
        # One record may carry several activities: each gets its own name, so each is applied once.
        found.append(Change(f"{event_id}.{verb}", verb, actor, article, _number(new, at), count))

    if _gained(old, new, "liked_at"):
        add("like", "liked_at")
    if _gained(old, new, "collected_at"):
        add("collect", "collected_at")
    if (comments := _number(new, "comments") - _number(old, "comments")) > 0:
        add("comment", "commented_at", comments)
    if _number(new, "rewards") > _number(old, "rewards"):
        add("reward", "rewarded_at", _number(new, "rewards") - _number(old, "rewards"))
    return found


def from_follow(event_id: str, event_name: str | None, new: Image | None) -> list[Change]:
    """A follow, for a relation inserted (an unfollow is no activity: the author was told of the follow)."""
    if event_name != "INSERT" or new is None:
        return []
    at = _number(new, "since_us") // 1_000_000
    follower, author = int(new["follower_id"]), int(new["author_id"])
    return [Change(f"{event_id}.follow", "follow", follower, None, at, recipient_id=author)]
