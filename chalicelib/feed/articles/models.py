"""An article, its statuses, its publication key and the rule for showing a delivered publication."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

PRIVATE, PUBLIC, TIMED = "private", "public", "timed"
COUNTERS = ("read_count", "like_count", "collect_count", "comment_count", "reward_count")
_US = 1_000_000


class Article(NamedTuple):
    """One article with its counters; `feed_key` names its current publication, `due_at` a timed one's second.

    `collection_id` is one of the author's collections (None only for articles stored before collections).
    """

    article_id: int
    author_id: int
    author_name: str
    title: str
    created_at: datetime
    content: str = ""
    html_content: str = ""
    status: str = PRIVATE
    pub_date: datetime | None = None
    feed_key: int | None = None
    due_at: int | None = None
    read_count: int = 0
    like_count: int = 0
    collect_count: int = 0
    comment_count: int = 0
    reward_count: int = 0
    collection_id: int | None = None
    author_avatar: str | None = None  # the author's avatar key when last written or published, so reads need no user
    author_nickname: str | None = None  # the author's nickname, copied as the avatar is
    position: int | None = None  # its place in its collection (`last`, `first`); None: stored before places were


class Heading(NamedTuple):
    """What a notice names of an article: its author and title (none of its text)."""

    article_id: int
    author_id: int
    title: str


class Writing(NamedTuple):
    """What the writer page saves of an article: its title and text, the HTML already sanitised."""

    title: str
    content: str
    html_content: str


def last(now: datetime) -> int:
    """A position after every article placed before `now`: its microsecond."""
    return int(now.timestamp() * _US)


def first(now: datetime) -> int:
    """A position before every article placed before `now`: the negated microsecond, so later ones go further up."""
    return -last(now)


def place(article: Article) -> tuple[int, int]:
    """Where an article sits in its collection; one stored without a position sits where it was created (last)."""
    position = article.position if article.position is not None else last(article.created_at)
    return position, article.article_id


def feed_key(when: datetime, article_id: int) -> int:
    """A publication's key: its second in microseconds plus the id's last six digits as a tiebreak.

    Unique per author (two articles published in one second differ in id) and deterministic for a timed
    article, so the schedule and the sweeper name the same publication.
    """
    return int(when.timestamp()) * _US + article_id % _US


def is_live(article: Article | None, feed_key: int) -> bool:
    """Whether a delivered publication may be shown: the article is public under that same publication.

    A cancelled push (made private) or an earlier publication of a re-published article fails this check, so
    entries are hidden at read time instead of being rewritten in every inbox.
    """
    return article is not None and article.status == PUBLIC and (article.feed_key or 0) == feed_key
