"""The app's DynamoDB stream handlers fed the way Lambda's event source mapping would: read, invoke, advance.

Per shard, records are read in order and handed over in batches of the handler's batch size, as one DynamoDB
Streams event (the records as GetRecords returns them, with `eventSourceARN` and the creation time in epoch
seconds). A batch the handler fails is read again from its first failed record (ReportBatchItemFailures), or whole
when the handler raised; after MAX_RETRIES it is skipped and logged (the template's MaximumRetryAttempts).

Each read starts from a checkpoint (the last sequence number handed over, as Lambda keeps one per shard) rather than
from the previous answer's NextShardIterator: moto's iterators hold the table object they were taken on, and moto
replaces every table of a cancelled transaction with a copy taken before it, so an iterator followed across a
cancelled transaction reads a stream no write reaches any more (the indexers then stood still). An iterator taken
anew by sequence number reads the table moto holds now.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalice.app import DynamoDBEventConfig

from devstack.recurring import Invoker

log = logging.getLogger("devstack.pump")

MAX_RETRIES = 10
MAX_BATCH = 1000  # GetRecords returns at most 1,000 records


def stream_record(record: Mapping[str, Any], stream_arn: str) -> dict[str, Any]:
    """One Lambda DynamoDB Streams record built from a GetRecords record."""
    change = dict(record["dynamodb"])
    created = change.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):  # boto3 parses it; Lambda hands the handler epoch seconds
        change["ApproximateCreationDateTime"] = created.timestamp()
    return {**{k: v for k, v in record.items() if k != "dynamodb"}, "dynamodb": change, "eventSourceARN": stream_arn}


def stream_event(records: list[Mapping[str, Any]], stream_arn: str) -> dict[str, Any]:
    """A Lambda DynamoDB Streams event with one record per stream record."""
    return {"Records": [stream_record(r, stream_arn) for r in records]}


def failed_sequence_numbers(result: Any, sequence_numbers: list[str]) -> list[str] | None:
    """The sequence numbers a handler's answer reports as failed; None when it reports none."""
    failures = result.get("batchItemFailures") if isinstance(result, Mapping) else None
    if not failures:
        return None
    reported = [f.get("itemIdentifier") if isinstance(f, Mapping) else None for f in failures]
    # Lambda treats an identifier it did not send as a failure of the whole batch.
    return [str(i) for i in reported] if all(i in sequence_numbers for i in reported) else list(sequence_numbers)


@dataclass
class _Shard:
    shard_id: str
    # Where the next read starts: after the last record handed over, at the first one that failed, or (no
    # checkpoint yet) at the shard's oldest record.
    checkpoint: tuple[str, str] | None
    retries: int = 0
    closed: bool = False


@dataclass
class StreamPollResult:
    """What one round did on one stream: records handed over, and the sequence numbers that failed."""

    table: str
    records: int = 0
    failed: list[str] = field(default_factory=list)
    error: str | None = None


class StreamPoller:
    """Rounds of read-and-invoke on the stream of each handler's table (streams looked up by the table's name)."""

    def __init__(self, streams_client: Any, dynamodb_client: Any, invoke: Invoker) -> None:
        self.streams = streams_client
        self.dynamodb = dynamodb_client
        self._invoke = invoke
        self._shards: dict[str, dict[str, _Shard]] = {}
        self._arns: dict[str, str] = {}

    def stream_arn(self, table: str) -> str:
        """The table's latest stream ARN."""
        if table not in self._arns:
            self._arns[table] = self.dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        return self._arns[table]

    def start(self, table: str, position: str = "LATEST") -> None:
        """Checkpoint every open shard of the table's stream (LATEST: only what is written from now; TRIM_HORIZON:
        from each shard's oldest record)."""
        arn = self.stream_arn(table)
        shards = self._shards.setdefault(table, {})
        for shard in self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
            if shard["ShardId"] not in shards:
                last = self._last_sequence_number(arn, shard["ShardId"]) if position == "LATEST" else None
                shards[shard["ShardId"]] = _Shard(shard["ShardId"], ("AFTER_SEQUENCE_NUMBER", last) if last else None)

    def checkpoints(self) -> dict[str, dict[str, list[str] | None]]:
        """Per table, where each shard would be read next (None: from its oldest record), to resume there later."""
        return {
            table: {s.shard_id: list(s.checkpoint) if s.checkpoint else None for s in list(shards.values())}
            for table, shards in list(self._shards.items())
        }

    def resume(self, table: str, saved: Mapping[str, Sequence[str] | None]) -> None:
        """Take the table's stream up where `saved` (a `checkpoints()` entry) left it; a shard new since, from its
        oldest record, as Lambda reads a shard it has not read."""
        arn = self.stream_arn(table)
        shards = self._shards.setdefault(table, {})
        for shard in self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
            if shard["ShardId"] not in shards:
                kept = saved.get(shard["ShardId"])
                shards[shard["ShardId"]] = _Shard(shard["ShardId"], (kept[0], kept[1]) if kept else None)

    def _last_sequence_number(self, arn: str, shard_id: str) -> str | None:
        # A LATEST iterator names no sequence number to keep, so the shard is read to its end once instead.
        request = {"StreamArn": arn, "ShardId": shard_id, "ShardIteratorType": "TRIM_HORIZON"}
        iterator, last = self.streams.get_shard_iterator(**request)["ShardIterator"], None
        while iterator:
            page = self.streams.get_records(ShardIterator=iterator, Limit=MAX_BATCH)
            if not page.get("Records"):
                break
            last, iterator = page["Records"][-1]["dynamodb"]["SequenceNumber"], page.get("NextShardIterator")
        return str(last) if last else None

    def _iterator(self, table: str, shard: _Shard) -> str:
        request: dict[str, Any] = {"StreamArn": self.stream_arn(table), "ShardId": shard.shard_id}
        if shard.checkpoint is None:
            request["ShardIteratorType"] = "TRIM_HORIZON"
        else:
            request["ShardIteratorType"], request["SequenceNumber"] = shard.checkpoint
        return str(self.streams.get_shard_iterator(**request)["ShardIterator"])

    def poll_once(self, config: DynamoDBEventConfig, table: str) -> StreamPollResult:
        """Read one batch from each shard of the table's stream and hand it to the handler."""
        if table not in self._shards:
            self.start(table)
        result = StreamPollResult(table)
        for shard in list(self._shards[table].values()):
            if shard.closed:
                continue
            self._poll_shard(config, table, shard, result)
        return result

    def _poll_shard(self, config: DynamoDBEventConfig, table: str, shard: _Shard, result: StreamPollResult) -> None:
        page = self.streams.get_records(
            ShardIterator=self._iterator(table, shard), Limit=min(config.batch_size, MAX_BATCH)
        )
        records = page.get("Records", [])
        if not records:
            shard.closed = page.get("NextShardIterator") is None  # a closed shard read to its end
            return
        numbers = [r["dynamodb"]["SequenceNumber"] for r in records]
        result.records += len(records)
        try:
            failed = failed_sequence_numbers(
                self._invoke(config.name, stream_event(records, self.stream_arn(table))), numbers
            )
        except Exception as exc:
            log.exception("stream %s: handler %s raised on %d records", table, config.name, len(records))
            failed, result.error = list(numbers), f"{type(exc).__name__}: {exc}"
        if not failed:
            shard.checkpoint, shard.retries = ("AFTER_SEQUENCE_NUMBER", numbers[-1]), 0
            return
        result.failed.extend(failed)
        shard.retries += 1
        if shard.retries > MAX_RETRIES:
            log.error("stream %s: skipping %d records after %d tries", table, len(records), MAX_RETRIES)
            shard.checkpoint, shard.retries = ("AFTER_SEQUENCE_NUMBER", numbers[-1]), 0
            return
        # Lambda checkpoints before the first failure and reads again from there.
        shard.checkpoint = ("AT_SEQUENCE_NUMBER", min(failed, key=int))
        log.info("stream %s: %d records, %d failed (try %d)", table, len(records), len(failed), shard.retries)
