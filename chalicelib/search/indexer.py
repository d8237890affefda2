"""The stream indexer: a batch of DynamoDB stream records becomes one `_bulk` request; failures are per record.

Records whose searchable fields did not change (stock, sales, counters) ask for no write; a batch of only those
sends nothing. Powertools' BatchProcessor (DynamoDB Streams) reports the records whose bulk item failed, so Lambda
retries from the first of them; a version conflict means the engine holds something newer, which is success.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.core.observability import logger
from chalicelib.search.documents import Change, bulk_lines, change_for
from chalicelib.search.engine import Engine, get_engine
from chalicelib.search.mapping import IndexName

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

# Statuses of a bulk item that leave the index as it should be: written, or newer already (409), or gone (404).
_SETTLED = {200, 201, 409}


class IndexWriteFailed(RuntimeError):
    """The engine refused this record's document (reported to Lambda as this record's failure)."""


def _settled(op: str, item: dict[str, Any]) -> bool:
    status = int(item.get("status", 500))
    return status in _SETTLED or (op == "delete" and status == 404)


def write(changes: list[Change], engine: Engine) -> list[bool]:
    """Send the changes in one bulk request (none when empty); per change, whether the index now holds it."""
    if not changes:
        return []
    for index in {c.index for c in changes}:
        engine.ensure_index(index)
    answer = engine.bulk(bulk_lines(changes))
    items = answer.get("items", [])
    settled = []
    for change, item in zip(changes, items, strict=False):
        outcome = item.get(change.op, {})
        ok = _settled(change.op, outcome)
        if not ok:
            logger.warning("index write refused", extra={"doc": change.doc_id, "index": change.index, "item": outcome})
        settled.append(ok)
    # An answer with fewer items than actions names no outcome for the rest: they are retried.
    return settled + [False] * (len(changes) - len(settled))


def handle_batch(event: dict[str, Any], context: Any, index: IndexName, engine: Engine | None = None) -> dict[str, Any]:
    """Index one batch of stream records for `index`; the failed records' sequence numbers for Lambda."""
    # Imported on first batch, as core/batch.py does: the API functions never pay for the batch utility.
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

    records = [DynamoDBRecord(raw) for raw in event.get("Records", [])]
    planned: dict[str, Change] = {}
    for record in records:
        stream = record.dynamodb
        change = change_for(index, stream.old_image if stream else None, stream.new_image if stream else None)
        if change is not None and stream is not None and stream.sequence_number:
            planned[stream.sequence_number] = change
    failed: set[str] = set()
    if planned:
        try:
            outcomes = write(list(planned.values()), engine or get_engine())
        except Exception:
            logger.exception("bulk request failed", extra={"index": index, "changes": len(planned)})
            outcomes = [False] * len(planned)
        failed = {seq for seq, ok in zip(planned, outcomes, strict=True) if not ok}

    def record_handler(record: DynamoDBRecord) -> None:
        if record.dynamodb and record.dynamodb.sequence_number in failed:
            raise IndexWriteFailed(f"{index}: record {record.dynamodb.sequence_number} not indexed")

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
