"""Concurrent publishes by several authors to shared readers: every inbox must stay dense (1..n) and duplicate-free."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from bench.fixtures import new_readers, seed_follows
from chalicelib.core.settings import get_settings
from chalicelib.feed.articles.models import feed_key
from chalicelib.feed.fanout import inboxes as inbox
from chalicelib.feed.fanout import messages
from chalicelib.feed.fanout import service as fanout
from devstack.factories import take_ids
from devstack.workers import run_workers

AUTHORS, POSTS_PER_AUTHOR, READERS = 4, 16, 10
REDELIVERIES = 4  # the fan-out queue's maxReceiveCount is 5: four more receives before the DLQ


def _check(reader: int, articles: set[int]) -> dict[str, int]:
    """Gaps, repeats, duplicates and missing articles in one reader's inbox."""
    entries = inbox.after(reader, 0, 10_000)
    sequence = [e.sequence_id for e in entries]
    delivered = [e.article_id for e in entries]
    return {
        "entries": len(entries),
        "gaps": len(set(range(1, max(sequence, default=0) + 1)) - set(sequence)),
        "repeated_numbers": len(sequence) - len(set(sequence)),
        "duplicates": len(delivered) - len(set(delivered)),
        "missing": len(articles - set(delivered)),
    }


def dense_inboxes(workers: int) -> dict[str, Any]:
    """AUTHORS x POSTS_PER_AUTHOR publications fanned out at once by `workers` consumer threads to shared readers."""
    authors, readers = new_readers(AUTHORS), new_readers(READERS)
    seed_follows({author: readers for author in authors})
    article_ids = take_ids("article", AUTHORS * POSTS_PER_AUTHOR)
    now = datetime.now(UTC)
    publications = [
        messages.PublishMessage(
            article_id=article_id, author_id=authors[i % AUTHORS], feed_key=feed_key(now, article_id)
        )
        for i, article_id in enumerate(article_ids)
    ]
    settings = get_settings()

    def consume(message: messages.PublishMessage) -> int:
        # A failed call is handed over again, as SQS redelivers a message whose batch item failed; how many times.
        for redelivered in range(REDELIVERIES + 1):
            try:
                fanout.handle(message, int(time.time()), settings.feed_push_threshold, settings.feed_backfill)
                return redelivered
            except Exception:
                if redelivered == REDELIVERIES:
                    raise
        return REDELIVERIES

    outcomes = run_workers(consume, [(m,) for m in publications], workers)
    checks = [_check(reader, set(article_ids)) for reader in readers]
    clean = [c for c in checks if not (c["gaps"] or c["repeated_numbers"] or c["duplicates"] or c["missing"])]
    return {
        "publishes": len(publications),
        "readers": READERS,
        "entries_per_reader": len(publications),
        "dense_inboxes": len(clean),
        "gaps": sum(c["gaps"] for c in checks),
        "repeated_numbers": sum(c["repeated_numbers"] for c in checks),
        "duplicates": sum(c["duplicates"] for c in checks),
        "missing": sum(c["missing"] for c in checks),
        "redelivered": sum(o for o in outcomes if isinstance(o, int)),
        "errors": sum(isinstance(o, Exception) for o in outcomes),
    }
