"""The home feed (seed: /push/article/): unread follow posts newest first, then recommended, then hot ones.

Requests for a reader: one Query of the inbox's unread index (the head rides on top of it and names the
pulled authors and mutes), one Query per followed big author's outbox, one BatchGetItem (articles and
read marks) and one BatchWriteItem marking what was shown; the hot list comes from Redis. Only when the
follow posts leave the page short, the recommendations add theirs (recommendations/: one Query for a
reader without behaviour logs, else that Query and at most two BatchGetItems). Guests get hot pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

import redis

from chalicelib.core.links import absolute_url
from chalicelib.feed.articles.models import Article, is_live
from chalicelib.feed.articles.presenters import feed_item
from chalicelib.feed.fanout import inboxes as dynamodb_inboxes
from chalicelib.feed.fanout import outboxes as dynamodb_outboxes
from chalicelib.feed.fanout.inboxes import Inboxes
from chalicelib.feed.fanout.models import Entry, Head, Post
from chalicelib.feed.fanout.outboxes import Outboxes
from chalicelib.feed.reading import hot
from chalicelib.feed.reading import read_marks as dynamodb_read_marks
from chalicelib.feed.reading.read_marks import ReadMarks
from chalicelib.feed.recommendations import service as recommendations

PATH = "/push/article/"
SLACK = 10  # extra candidates, so a few hidden entries do not leave the page short


class Candidate(NamedTuple):
    """A visible follow post: from the inbox (entry set) or pulled from a big author's outbox."""

    feed_key: int
    article: Article
    entry: Entry | None


def guest_page(r: redis.Redis, number: int, size: int) -> dict[str, Any]:
    """Anonymous visitors page through the hot list."""
    return hot.page(r, number, size, PATH)


def unread(
    r: redis.Redis,
    reader: int,
    size: int,
    now: datetime,
    *,
    inboxes: Inboxes = dynamodb_inboxes,
    outboxes: Outboxes = dynamodb_outboxes,
    marks: ReadMarks = dynamodb_read_marks,
) -> dict[str, Any]:
    """Up to `size` unread follow posts newest first, filled with unseen recommended, then hot ones; all marked read."""
    head, entries = inboxes.unread_page(reader, size + SLACK)
    pulled = [p for author in sorted(head.pulls) for p in outboxes.latest(author, None, size)[0] if p.pulled]
    short = len(entries) + len(pulled) < size + SLACK
    ranking = [h for h in hot.ranking(r) if h["user"]["id"] != reader][: size + SLACK] if short else []
    found, seen = marks.fetch(
        [e.article_id for e in entries] + [p.article_id for p in pulled],
        reader,
        [p.article_id for p in pulled] + [h["id"] for h in ranking],
    )
    candidates, hidden = _candidates(head, entries, pulled, found, seen)
    taken = candidates[:size]
    listed = {c.article.article_id for c in taken}
    room = size - len(taken)
    recommended = recommendations.recommend(reader, room, now, exclude=listed, unshown=True) if room else []
    listed |= {s.article.article_id for s in recommended}
    hot_fill = [h for h in ranking if h["id"] not in listed and h["id"] not in seen][: room - len(recommended)]
    cleared = [c.entry for c in taken if c.entry is not None] + hidden
    # Inbox posts are marked too: the fill must not bring back what the reader has just seen.
    shown = [*listed, *(h["id"] for h in hot_fill)]
    if cleared or shown:
        marks.record(cleared, reader, shown)
    results = [feed_item(c.article, "follow") for c in taken]
    results += [feed_item(s.article, "recommend") for s in recommended] + hot_fill
    more = len(results) == size
    return {
        "count": len(results),
        "next": absolute_url(f"{PATH}?size={size}") if more else None,
        "previous": None,
        "results": results,
    }


def _candidates(
    head: Head,
    entries: list[Entry],
    pulled: list[Post],
    found: dict[int, Article],
    seen: set[int],
) -> tuple[list[Candidate], list[Entry]]:
    """Visible follow posts newest first, and the inbox entries that can never show (to clear them)."""
    visible: dict[int, Candidate] = {}
    hidden = []
    for entry in entries:
        article = found.get(entry.article_id)
        if article is None or head.hides(entry) or not is_live(article, entry.feed_key) or entry.article_id in visible:
            hidden.append(entry)
        else:
            visible[entry.article_id] = Candidate(entry.feed_key, article, entry)
    for post in pulled:
        article = found.get(post.article_id)
        fresh = post.article_id not in seen and post.article_id not in visible
        if article is not None and fresh and is_live(article, post.feed_key):
            visible[post.article_id] = Candidate(post.feed_key, article, None)
    return sorted(visible.values(), key=lambda c: c.feed_key, reverse=True), hidden
