"""A follow, a user's counters, a person in a list, and the seed's focus statuses."""

from __future__ import annotations

from typing import NamedTuple

# The seed's focus statuses: anonymous caller, the author themself, not following, following.
NOT_LOGGED_IN, SELF, NOT_FOLLOWING, FOLLOWING = -2, -1, 0, 1


class Relation(NamedTuple):
    """One follow; the names are copied in so lists need no user lookups."""

    follower_id: int
    author_id: int
    follower_name: str
    author_name: str
    since_us: int  # when the follow began: names its deliveries (fanout.sequences)


class Stats(NamedTuple):
    """A user's counters; `pull_since` is set once they went over the push threshold."""

    user_id: int
    followers: int = 0
    followees: int = 0
    pull_since: int | None = None


class Person(NamedTuple):
    """One side of a follow in a list."""

    id: int
    username: str
    since_us: int
