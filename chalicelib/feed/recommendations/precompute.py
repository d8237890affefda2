"""The behaviour log's stream into the neighbourhoods (neighbours.py): what a recommendation read needs, kept current.

A record names the user whose log changed; their entries are rewritten from their logs as they are now (one
consistent Query of the `recent` index): on every article they acted on within RELATED_DAYS of their latest
action, their latest action there and their THEIR_LOGS newest logs. A read at or after that action only lets an
actor relate through an action of the last RELATED_DAYS, so every entry a read can use carries the current
profile; older entries go stale unseen. Rewriting from the source, not applying a delta, makes a replay or a
late record harmless; records are still applied once (Powertools idempotency on the record's eventID), and a
batch refreshes each user once, as the later records of the same user find their logs already read.

Cost per record: 2 idempotency writes, 1 Query (more only past THEIR_LOGS + 1 logs in the span) and one
UpdateItem per article of the span (an occasional trim beside); 0 beyond the idempotency check on a replay.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from chalicelib.feed.recommendations import behaviour_log, cf, neighbours, service
from chalicelib.feed.recommendations.models import Log

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

SPAN_S = cf.RELATED_DAYS * 86_400


class LogChange(BaseModel):
    """A stream record of the behaviour log, as much of it as the refresh needs."""

    event_id: str
    user_id: int


class History(Protocol):
    """Where a user's logs are read, newest first."""

    def newest(self, user_id: int, keep: int, span_s: int) -> list[Log]: ...


class Neighbourhoods(Protocol):
    """Where an actor's entry on an article is written."""

    def put(self, article_id: int, user_id: int, acted_at: int, profile: Iterable[Log]) -> None: ...


def change_of(record: DynamoDBRecord) -> LogChange | None:
    """The change a stream record reports, None for a record without keys."""
    keys = record.dynamodb.keys if record.dynamodb else None
    if not keys or record.event_id is None:
        return None
    return LogChange(event_id=record.event_id, user_id=int(keys["user_id"]))


def refresh(user_id: int, *, logs: History = behaviour_log, hoods: Neighbourhoods = neighbours) -> int:
    """Rewrite the user's entries on the articles of their last RELATED_DAYS; how many were written."""
    history = logs.newest(user_id, service.THEIR_LOGS, SPAN_S)
    if not history:
        return 0
    profile, latest = history[: service.THEIR_LOGS], history[0].acted_at
    live = [log for log in history if log.acted_at >= latest - SPAN_S]
    for log in live:
        hoods.put(log.article_id, user_id, log.acted_at, profile)
    return len(live)


def handle_batch(event: dict[str, Any], context: Any, *, logs: History = behaviour_log) -> dict[str, Any]:
    """Apply a batch of behaviour-log stream records; the failed records' sequence numbers for Lambda."""
    # Imported on first batch: the API functions never pay for the batch and idempotency utilities.
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    from chalicelib.core.idempotency import once

    refreshed: set[int] = set()

    def apply(change: LogChange) -> bool:
        # A refresh reads the user's logs as they are now, newer than any record of theirs in this batch.
        if change.user_id not in refreshed:
            refresh(change.user_id, logs=logs)
            refreshed.add(change.user_id)
        return True

    apply_once, config = once(apply, data_argument="change", key_path="event_id")
    config.register_lambda_context(context)

    def record_handler(record: DynamoDBRecord) -> None:
        change = change_of(record)
        if change is not None:
            apply_once(change=change)

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
