"""The timeline (every follow post newest first, read ones too) and the sync read over sequence numbers."""

from __future__ import annotations

from typing import Any

from chalicelib.feed.articles import repository as dynamodb_articles
from chalicelib.feed.articles.models import is_live
from chalicelib.feed.articles.presenters import feed_item
from chalicelib.feed.articles.repository import Articles
from chalicelib.feed.fanout import inboxes as dynamodb_inboxes
from chalicelib.feed.fanout import outboxes as dynamodb_outboxes
from chalicelib.feed.fanout.inboxes import Inboxes
from chalicelib.feed.fanout.models import Entry
from chalicelib.feed.fanout.outboxes import Outboxes

SLACK = 10


def timeline(
    reader: int,
    before: int | None,
    size: int,
    *,
    inboxes: Inboxes = dynamodb_inboxes,
    outboxes: Outboxes = dynamodb_outboxes,
    articles: Articles = dynamodb_articles,
) -> dict[str, Any]:
    """Follow posts older than the feed key `before`: the inbox merged with pulled authors' outboxes.

    Each source is read one page deep; below the highest last key of a source that has more, another
    source might still hold posts, so the page stops there and `next_before` resumes from it.
    """
    head = inboxes.head(reader)
    entries, more = inboxes.before(reader, before, size + SLACK)
    rows = [(e.feed_key, e.article_id, head.hides(e)) for e in entries]
    bounds = [entries[-1].feed_key] if more else []
    for author in sorted(head.pulls):
        posts, more = outboxes.latest(author, before, size)
        rows += [(p.feed_key, p.article_id, False) for p in posts if p.pulled]
        bounds += [posts[-1].feed_key] if more else []
    boundary = max(bounds, default=None)
    found = articles.many(article_id for _, article_id, _ in rows)
    results, listed = [], set()
    for key, article_id, muted in sorted(rows, reverse=True):
        article = found.get(article_id)
        if boundary is not None and key < boundary:
            break
        if article is None or muted or article_id in listed or not is_live(article, key):
            continue
        listed.add(article_id)
        results.append(feed_item(article, "follow"))
        if len(results) == size:
            return {"results": results, "next_before": key}
    return {"results": results, "next_before": boundary}


def sync(
    reader: int, size: int, *, inboxes: Inboxes = dynamodb_inboxes, articles: Articles = dynamodb_articles
) -> dict[str, Any]:
    """Entries after the stored cursor, ascending; the cursor moves over the gap-free run only.

    A number taken but not yet written (a fan-out in flight) stops the run: the next sync resumes there, so
    nothing is skipped. Hidden entries (private, re-published, unfollowed) are stepped over but not listed.
    """
    head = inboxes.head(reader, consistent=True)
    run: list[Entry] = []
    for entry in inboxes.after(reader, head.cursor, size):
        if entry.sequence_id != head.cursor + len(run) + 1:
            break
        run.append(entry)
    found = articles.many(e.article_id for e in run)
    results = [
        {"sequence_id": e.sequence_id, "article": feed_item(found[e.article_id], "follow")}
        for e in run
        if not head.hides(e) and is_live(found.get(e.article_id), e.feed_key)
    ]
    last = run[-1].sequence_id if run else head.cursor
    if run:
        inboxes.move_cursor(reader, last)
    return {"results": results, "last_sequence_id": last}
