"""The event pump: feeds the app's SQS consumers, stream handlers and schedules in-process, as Lambda would."""

from __future__ import annotations

import logging
import threading
import time
import types
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalice.app import Chalice, DynamoDBEventConfig, ScheduledEventConfig, SQSEventConfig

from devstack.events import lambda_context
from devstack.moto_server import ACCOUNT_ID
from devstack.one_time import Delivery, OneTimeSchedules
from devstack.queue_poller import PollResult, QueuePoller
from devstack.recurring import FiredSchedule, RecurringSchedules, UnsupportedEventSource
from devstack.stack_env import chalice_config, function_environment, lambda_settings
from devstack.stream_poller import StreamPoller, StreamPollResult

log = logging.getLogger("devstack.pump")

ERROR_BACKOFF_SECONDS = 2.0
STREAM_POLL_SECONDS = 0.25


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _check_supported(app: Chalice) -> None:
    # What the app declares is all the pump runs; anything else would silently never fire locally.
    for source in app.event_sources:
        if isinstance(source, SQSEventConfig) and source.queue_arn is not None:
            raise UnsupportedEventSource(f"consumer {source.name} names its queue by ARN; the app uses queue=<name>")
        if isinstance(source, DynamoDBEventConfig) and _stream_table(source) is None:
            raise UnsupportedEventSource(f"{source.name}: declare its stream with chalicelib.functions.triggers.Stream")
        if not isinstance(source, SQSEventConfig | ScheduledEventConfig | DynamoDBEventConfig):
            raise UnsupportedEventSource(
                f"{source.name} is a {type(source).__name__}: the local stack runs SQS, stream and schedule handlers"
            )
    if app.pure_lambda_functions:
        names = ", ".join(f.name for f in app.pure_lambda_functions)
        raise UnsupportedEventSource(f"@app.lambda_function {names}: nothing in the local stack invokes them")


def _stream_table(config: DynamoDBEventConfig) -> str | None:
    # The app names a stream by its table (chalicelib/functions/triggers.py): a real stream's ARN changes per table.
    from chalicelib.functions.triggers import table_of

    return table_of(config.stream_arn)


class EventPump:
    """Polls the app's queues and fires its schedules; start()/stop() for threads, or call the step methods."""

    def __init__(
        self,
        app_module: types.ModuleType,
        sqs_client: Any,
        scheduler_client: Any | None = None,
        *,
        stage: str = "dev",
        wait_seconds: int = 1,
        visibility_timeout: int | None = None,
        clock: Callable[[], datetime] = _utcnow,
        rate_scale: float = 1.0,
        rate_overrides: Mapping[str, float] | None = None,
        tick_seconds: float = 1.0,
        streams_client: Any | None = None,
        dynamodb_client: Any | None = None,
    ) -> None:
        self.module = app_module
        self.app: Chalice = app_module.app
        _check_supported(self.app)
        self.sqs = sqs_client
        self.scheduler = scheduler_client
        self.stage = stage
        self.wait_seconds = wait_seconds
        self.clock = clock
        self.tick_seconds = tick_seconds
        self.region: str = sqs_client.meta.region_name
        self.lambda_settings = self._resolve_functions(Path(app_module.__file__ or ".").resolve().parent)
        self.sqs_configs = [c for c in self.app.event_sources if isinstance(c, SQSEventConfig)]
        schedule_configs = [c for c in self.app.event_sources if isinstance(c, ScheduledEventConfig)]
        self.recurring = RecurringSchedules(
            schedule_configs, self.invoke, self._rule_arn, self.region, ACCOUNT_ID, clock(), rate_scale, rate_overrides
        )
        self.one_time = OneTimeSchedules(scheduler_client, sqs_client) if scheduler_client else None
        self.poller = QueuePoller(
            sqs_client, self.invoke, wait_seconds=wait_seconds, visibility_timeout=visibility_timeout
        )
        self.stream_configs = [c for c in self.app.event_sources if isinstance(c, DynamoDBEventConfig)]
        # Without the clients (a test of the queues alone) the stream handlers are not fed. One poller per handler:
        # each keeps its own checkpoints, as each event source mapping does, so two handlers of one stream (the
        # behaviour log's) both read every record.
        self.streams: dict[str, StreamPoller] | None = (
            {c.name: StreamPoller(streams_client, dynamodb_client, self.invoke) for c in self.stream_configs}
            if streams_client
            else None
        )
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _resolve_functions(self, project_dir: Path) -> dict[str, tuple[int, int]]:
        # Chalice's own resolution (function > stage > top level > defaults), as `chalice package` deploys them.
        config = chalice_config(project_dir, self.stage)
        shared = config.environment_variables
        for source in self.app.event_sources:
            if function_environment(config, source.name) != shared:
                # The pump runs every handler in one process with the stack's (api_handler's) environment.
                raise UnsupportedEventSource(f"{source.name} has environment_variables of its own in config.json")
        return {source.name: lambda_settings(config, source.name) for source in self.app.event_sources}

    def function_name(self, name: str) -> str:
        """The Lambda function name Chalice deploys a handler as: <app>-<stage>-<handler>."""
        return f"{self.app.app_name}-{self.stage}-{name}"

    def _rule_arn(self, name: str) -> str:
        return f"arn:aws:events:{self.region}:{ACCOUNT_ID}:rule/{self.function_name(name)}"

    def invoke(self, name: str, event: Any) -> Any:
        """Call the app's handler `name` with a raw Lambda event and a Lambda context, as its Lambda would."""
        memory, timeout = self.lambda_settings[name]
        context = lambda_context(self.function_name(name), memory, timeout, self.region, ACCOUNT_ID)
        return getattr(self.module, name)(event, context)

    def poll_queue_once(self, config: SQSEventConfig, wait_seconds: int | None = None) -> PollResult:
        """Receive one batch for a consumer, call it with a real SQS event and delete what it did not fail."""
        return self.poller.poll_once(config, wait_seconds)

    def poll_stream_once(self, config: DynamoDBEventConfig) -> StreamPollResult:
        """Read one batch per shard of a handler's table stream and call it with a real DynamoDB Streams event."""
        return self.stream_poller(config).poll_once(config, str(_stream_table(config)))

    def stream_poller(self, config: DynamoDBEventConfig) -> StreamPoller:
        """The poller of one stream handler: its own checkpoints, as a Lambda event source mapping keeps."""
        if self.streams is None:
            raise RuntimeError("the pump was made without a DynamoDB Streams client")
        return self.streams[config.name]

    def start_stream(
        self, config: DynamoDBEventConfig, position: str = "LATEST", saved: Mapping[str, Any] | None = None
    ) -> None:
        """Where a stream handler starts: at `saved` checkpoints (a restart), else LATEST (what is written from now
        on) or TRIM_HORIZON (every record the stream holds, as a new Lambda mapping reads them)."""
        table = str(_stream_table(config))
        if saved is not None:
            self.stream_poller(config).resume(table, saved)
        else:
            self.stream_poller(config).start(table, position)

    def stream_checkpoints(self) -> dict[str, Any]:
        """Per stream handler, its shards' checkpoints: `start(saved=...)` takes them up after a restart."""
        found: dict[str, Any] = {}
        for config in self.stream_configs if self.streams else []:
            table = str(_stream_table(config))
            found[config.name] = self.stream_poller(config).checkpoints().get(table, {})
        return found

    def fire_due_schedules(self, now: datetime | None = None) -> list[FiredSchedule]:
        """Fire the rate() schedules due at `now` (default: the pump's clock)."""
        return self.recurring.fire_due(now or self.clock())

    def deliver_one_time_schedules(self, now: datetime | None = None) -> list[Delivery]:
        """Deliver the Scheduler at() schedules due at `now` and delete them."""
        return self.one_time.deliver_due(now or self.clock()) if self.one_time else []

    def start(self, position: str = "LATEST", saved: Mapping[str, Any] | None = None) -> None:
        """Start one daemon thread per queue consumer and stream handler, and one for schedules.

        Each stream handler starts at its `saved` checkpoints when there are some, else at `position`.
        """
        self._stop.clear()
        for config in self.sqs_configs:
            self._spawn(f"pump-{config.name}", self._queue_loop, config)
        for stream in self.stream_configs if self.streams else []:
            # Checkpoints taken now, before the thread runs: nothing written from here on is missed.
            self.start_stream(stream, position, (saved or {}).get(stream.name))
            self._spawn(f"pump-{stream.name}", self._stream_loop, stream)
        self._spawn("pump-schedules", self._schedule_loop)

    def _spawn(self, name: str, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self, timeout: float | None = None) -> None:
        """Signal the threads and wait for them (each returns within one long poll or one tick)."""
        self._stop.set()
        limit = timeout if timeout is not None else self.wait_seconds + self.tick_seconds + 5
        for thread in self._threads:
            thread.join(limit)
        self._threads = [t for t in self._threads if t.is_alive()]

    def _queue_loop(self, config: SQSEventConfig) -> None:
        log.info("pump: %s <- queue %s (batch %d)", config.name, config.queue, config.batch_size)
        while not self._stop.is_set():
            try:
                self.poll_queue_once(config)
            except Exception:
                # A missing queue or a network blip must not end the consumer; try again shortly.
                log.exception("queue %s: poll failed", config.queue)
                self._stop.wait(ERROR_BACKOFF_SECONDS)

    def _stream_loop(self, config: DynamoDBEventConfig) -> None:
        log.info("pump: %s <- stream of %s (batch %d)", config.name, _stream_table(config), config.batch_size)
        while not self._stop.is_set():
            try:
                started = time.monotonic()
                found = self.poll_stream_once(config)
                if found.records:
                    took = (time.monotonic() - started) * 1000
                    log.info(
                        "stream %s: %d records, %d failed (%.0f ms)",
                        found.table,
                        found.records,
                        len(found.failed),
                        took,
                    )
            except Exception:
                log.exception("stream of %s: poll failed", _stream_table(config))
                self._stop.wait(ERROR_BACKOFF_SECONDS)
                continue
            # Lambda polls a shard four times a second; an idle stream waits that long, a busy one not at all, and a
            # failed batch a while, so an engine down for seconds does not spend every retry at once.
            self._stop.wait(ERROR_BACKOFF_SECONDS if found.failed else 0 if found.records else STREAM_POLL_SECONDS)

    def _schedule_loop(self) -> None:
        while not self._stop.is_set():
            for step in (self.fire_due_schedules, self.deliver_one_time_schedules):
                try:
                    step()
                except Exception:
                    log.exception("schedules: %s failed", step.__name__)
            self._stop.wait(self.tick_seconds)
