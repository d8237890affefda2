"""In-memory inboxes and their sequence claims, keeping the DynamoDB head item's rules.

A head hands out 1, 2, 3 … and answers a delivery's claim with the number it already holds; entries are
whole-item puts, so writing one again makes it unread again. One lock stands in for the head's atomic update.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from chalicelib.feed.fanout import sequences
from chalicelib.feed.fanout.models import Claim, Entry, Head


@dataclass
class _HeadItem:
    """A reader's head item: the counter, the sync cursor, pulls, mutes and the claims held."""

    seq: int = 0
    cursor: int = 0
    pulls: set[int] = field(default_factory=set)
    muted: dict[int, int] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)


@dataclass
class FakeInboxes:
    """Inbox entries by (owner, sequence) with their unread flag, and a head per reader."""

    heads: dict[int, _HeadItem] = field(default_factory=dict)
    entries: dict[tuple[int, int], tuple[Entry, bool]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def item(self, owner_id: int) -> _HeadItem:
        with self.lock:
            return self.heads.setdefault(owner_id, _HeadItem())

    def head(self, owner_id: int, consistent: bool = False) -> Head:
        item = self.heads.get(owner_id, _HeadItem())
        return Head(item.cursor, frozenset(item.pulls), tuple(sorted(item.muted.items())))

    def add_pull(self, reader_id: int, author_id: int) -> None:
        self.item(reader_id).pulls.add(author_id)

    def write_entries(self, entries: list[Entry]) -> None:
        with self.lock:
            self.entries.update({(e.owner_id, e.sequence_id): (e, True) for e in entries})

    def existing(self, keys: list[tuple[int, int]]) -> set[tuple[int, int]]:
        return {key for key in keys if key in self.entries}

    def _of(self, owner_id: int) -> list[tuple[Entry, bool]]:
        return sorted(
            (v for (owner, _), v in self.entries.items() if owner == owner_id), key=lambda v: v[0].sequence_id
        )

    def unread_page(self, owner_id: int, limit: int) -> tuple[Head, list[Entry]]:
        unread = sorted((e for e, unread in self._of(owner_id) if unread), key=lambda e: e.feed_key, reverse=True)
        return self.head(owner_id), unread[:limit]

    def before(self, owner_id: int, feed_key: int | None, limit: int) -> tuple[list[Entry], bool]:
        older = [e for e, _ in self._of(owner_id) if feed_key is None or e.feed_key < feed_key]
        page = sorted(older, key=lambda e: e.feed_key, reverse=True)[:limit]
        return page, len(page) == limit

    def after(self, owner_id: int, sequence_id: int, limit: int) -> list[Entry]:
        return [e for e, _ in self._of(owner_id) if e.sequence_id > sequence_id][:limit]

    def move_cursor(self, owner_id: int, to: int) -> None:
        item = self.item(owner_id)
        item.cursor = max(item.cursor, to)

    def mark_read(self, owner_id: int) -> None:
        """What the home feed does to the entries it showed: rewrite them without the unread key."""
        with self.lock:
            for key, (entry, _) in list(self.entries.items()):
                if key[0] == owner_id:
                    self.entries[key] = (entry, False)

    def unread(self, owner_id: int) -> list[int]:
        """The sequence numbers still unread."""
        return [e.sequence_id for e, unread in self._of(owner_id) if unread]


@dataclass
class FakeSequences:
    """Claims on the heads of `inboxes`: the conditional ADD that hands out each delivery's number once."""

    inboxes: FakeInboxes

    def claim(self, owner_id: int, name: str) -> Claim:
        head = self.inboxes.item(owner_id)
        with self.inboxes.lock:
            if name in head.claims:
                return Claim(owner_id, head.claims[name], False, len(head.claims))
            head.seq += 1
            head.claims[name] = head.seq
            return Claim(owner_id, head.seq, True, len(head.claims))

    def compact(self, owner_id: int, stale_before_s: int) -> int:
        head = self.inboxes.item(owner_id)
        with self.inboxes.lock:
            stale = [n for n in head.claims if sequences.event_seconds(n) < stale_before_s]
            kept = sorted(set(head.claims) - set(stale), key=head.claims.__getitem__)
            stale += kept[: max(0, len(kept) - sequences.HARD_CAP)]
            for name in stale:
                del head.claims[name]
            return len(stale)
