"""Aggregated notifications: what a page, the counts and "all seen" cost an author with many groups, what one
behaviour event costs the stream consumer, and 50 likes of one article applied at once."""

from __future__ import annotations

import itertools
import time
from typing import Any

from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from bench.measure import Api, measure
from bench.shop_budgets import row
from chalicelib.feed.notices import repository
from chalicelib.feed.notices.tables import COUNTS, ActorMap, NoticeModel, group_key
from chalicelib.functions import notices_from_logs
from devstack.events import lambda_context
from devstack.factories import User, make_users
from devstack.workers import run_workers

GROUPS = 500  # an author at the listing's depth (repository.LIST_DEPTH)
LIKES = 50
STREAM_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/shop-feed-logs/stream/2026-01-01T00:00:00.000"
_events = itertools.count(1)


def _fill(author: int, groups: int) -> None:
    """`groups` unread like groups on the author's (notional) articles and their counts, written in batches.

    Set-up only: the items are what `groups` applied likes leave, but moto copies the table in every transaction.
    """
    at = int(time.time())
    actors = [ActorMap(id=1, username="bench", nickname=None, avatar=None)]
    with NoticeModel.batch_write() as batch:
        for rank in range(1, groups + 1):
            item = NoticeModel(author, group_key(f"like-{rank}-20260101"), verb="like", article_id=rank)
            item.article_title, item.actors, item.actor_count, item.activity_count = f"t{rank}", actors, 1, 1
            item.updated_at, item.rank, item.version = at, rank, 1
            batch.save(item)
        batch.save(NoticeModel(author, COUNTS, seq=groups, groups=groups, unread=groups, unseen=groups, version=1))


def like_record(reader: int, article: int) -> dict[str, Any]:
    """The behaviour log's stream record of `reader` liking `article` (read before), as Lambda hands it over."""
    now = int(time.time())
    old = {"user_id": {"N": str(reader)}, "article_id": {"N": str(article)}, "read_at": {"N": str(now)}}
    new = {**old, "liked_at": {"N": str(now)}, "acted_at": {"N": str(now)}}
    number = next(_events)
    return {
        "eventID": f"bench-like-{number}",
        "eventName": "MODIFY",
        "eventSource": "aws:dynamodb",
        "eventSourceARN": STREAM_ARN,
        "dynamodb": {
            "Keys": {"user_id": old["user_id"], "article_id": old["article_id"]},
            "OldImage": old,
            "NewImage": new,
            "SequenceNumber": f"{number:021d}",
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }


def _apply(record: dict[str, Any]) -> int:
    """Hand one record to the consumer until it takes it, as Lambda retries a failed one; how many tries."""
    context = lambda_context("notices_from_logs", 256, 30, "us-east-1", "123456789012")
    for tries in itertools.count(1):
        try:
            if not notices_from_logs.handler({"Records": [record]}, context).get("batchItemFailures"):
                return tries
        except BatchProcessingError:
            pass  # a batch failed whole: Lambda hands it over again
    raise AssertionError("unreachable")


def _article(api: Api, author: User) -> int:
    draft = {"title": "bench", "content": "c", "html_content": "<p>c</p>"}
    article = api.ok("POST", "/article/", draft, author.token)["article"]
    return int(api.ok("PATCH", f"/article/{article['id']}/", token=author.token)["article"]["id"])


def run(api: Api) -> list[dict[str, Any]]:
    """The reads at the listing's depth through the API, and one event through the consumer."""
    author, reader = make_users(2)
    _fill(author.id, GROUPS)
    page = api.measured("GET", "/notifications/?page=1&size=10", token=author.token)
    counts = api.measured("GET", "/notifications/counts/", token=author.token)
    seen = api.measured("PUT", "/notifications/seen/", token=author.token)
    record = like_record(reader.id, _article(api, author))
    event, _ = measure(lambda: _apply(record))
    note = f"an author with {GROUPS} groups; no seed has notifications"
    return [
        row("notifications page", page, note=f"{note}: the counts item, then one Query of the rank index"),
        row("notification counts", counts, note="the counts item"),
        row("notifications all seen", seen, note="one UpdateItem answering the counts it leaves"),
        row(
            "notifications, one behaviour event",
            event,
            note="stream consumer, a batch of one record: the article (author and title) and the actor in one "
            "BatchGetItem (once per batch), the recipient's counts, group and markers read, one transaction",
        ),
    ]


def concurrent_likes(api: Api, workers: int) -> dict[str, Any]:
    """LIKES readers' likes of one article applied at once by `workers` consumer invocations, one record each."""
    author, *readers = make_users(1 + LIKES)
    article = _article(api, author)
    outcomes = run_workers(_apply, [(like_record(r.id, article),) for r in readers], workers)
    groups, counts = repository.newest(author.id, 10)
    group = groups[0] if groups else None
    return {
        "likes": LIKES,
        "groups": len(groups),
        "actors": group.actor_count if group else 0,
        "activities": group.activity_count if group else 0,
        "unread": counts.unread,
        "unseen": counts.unseen,
        "tries": sum(o for o in outcomes if isinstance(o, int)),
        "errors": sum(isinstance(o, Exception) for o in outcomes),
    }
