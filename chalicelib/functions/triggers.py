"""What starts a consumer or schedule: its queue, rate or stream, declared in its module beside its handler.

`registry.register` declares each module's trigger on app.py's Chalice app, and `chalice package` turns those
declarations into the functions' events. Nothing here imports Chalice until a trigger is declared on an app: a deployed
consumer imports its module (and so this one) without ever loading Chalice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.core.settings import Settings

if TYPE_CHECKING:
    from chalice import Chalice

Declaration = Callable[[Callable[..., Any]], Any]  # Chalice's decorator registering an event handler
# A stream's real ARN carries its table's creation time, unknown when app.py is imported: the app declares this
# placeholder naming the table; `make package` (infra/search.py) points the mapping at the table's `StreamArn`, and
# the local pump looks the stream up by the table's name.
_PLACEHOLDER = re.compile(r"^arn:aws:dynamodb:[^:]*:[^:]*:table/(?P<table>[^/]+)/stream/latest$")


@dataclass(frozen=True)
class Queue:
    """An SQS consumer of batches of up to `batch_size` messages from the app's queue `name` (prefixed per stage)."""

    name: str
    batch_size: int

    def declare(self, app: Chalice, settings: Settings) -> Declaration:
        """The decorator declaring a handler of this queue on `app`."""
        return app.on_sqs_message(queue=settings.queue(self.name), batch_size=self.batch_size)


@dataclass(frozen=True)
class Every:
    """A rate schedule: every `minutes` minutes, a number or read from the settings when the app is built."""

    minutes: int | Callable[[Settings], int]

    def declare(self, app: Chalice, settings: Settings) -> Declaration:
        """The decorator declaring a handler of this schedule on `app`."""
        from chalice import Rate  # here, not at the top: a deployed schedule never loads Chalice

        minutes = self.minutes if isinstance(self.minutes, int) else self.minutes(settings)
        return app.schedule(Rate(minutes, unit=Rate.MINUTES))


@dataclass(frozen=True)
class Stream:
    """A DynamoDB Streams reader of batches of up to `batch_size` records from the logical `table`'s stream."""

    table: str
    batch_size: int = 100

    def arn(self, settings: Settings) -> str:
        """The placeholder ARN declared for the stream (never a real stream's): it names the stage's table."""
        return f"arn:aws:dynamodb:{settings.aws_region}:000000000000:table/{settings.table(self.table)}/stream/latest"

    def declare(self, app: Chalice, settings: Settings) -> Declaration:
        """The decorator declaring a handler of this stream on `app`."""
        # TRIM_HORIZON: a new stack's mapping starts at the stream's oldest record, so nothing written before is missed.
        return app.on_dynamodb_record(
            stream_arn=self.arn(settings), batch_size=self.batch_size, starting_position="TRIM_HORIZON"
        )


def table_of(arn: str) -> str | None:
    """The table (full name) a placeholder stream ARN names, or None for any other ARN."""
    found = _PLACEHOLDER.match(arn)
    return found["table"] if found else None


Trigger = Queue | Every | Stream
