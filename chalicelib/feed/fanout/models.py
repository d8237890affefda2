"""What fan-out moves and keeps: deliveries, inbox entries and heads, outbox posts, sequence claims."""

from __future__ import annotations

from typing import NamedTuple


class Delivery(NamedTuple):
    """One publication to one follow."""

    owner_id: int
    since_us: int
    article_id: int
    author_id: int
    feed_key: int


class Entry(NamedTuple):
    """One inbox entry: an article delivered to a reader under a sequence number."""

    owner_id: int
    sequence_id: int
    article_id: int
    author_id: int
    feed_key: int


class Head(NamedTuple):
    """What reads need of a reader's head item: the sync cursor, pulled authors, mutes of ended follows."""

    cursor: int = 0
    pulls: frozenset[int] = frozenset()
    muted: tuple[tuple[int, int], ...] = ()  # (author id, last sequence number of the ended follow)

    def hides(self, entry: Entry) -> bool:
        """Whether an entry belongs to an ended follow of its author."""
        return entry.sequence_id <= dict(self.muted).get(entry.author_id, 0)


class Post(NamedTuple):
    """An outbox entry: one publication of an author; `pulled` ones were not pushed."""

    author_id: int
    feed_key: int
    article_id: int
    pulled: bool


class Claim(NamedTuple):
    """A sequence number of one inbox held by one delivery."""

    owner_id: int
    sequence_id: int
    fresh: bool  # False: an earlier run of this delivery took it, and may have written the entry already
    held: int  # claims on the head after this one
