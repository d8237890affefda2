"""Drive stream consumers the way Lambda does: moto's DynamoDB stream records handed to their functions' handlers."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from chalice.app import DynamoDBEventConfig

from chalicelib.core.settings import get_settings
from chalicelib.functions.registry import name_of
from devstack.backends import Backends
from devstack.events import lambda_context
from devstack.moto_server import aws_client
from devstack.stream_poller import StreamPoller

Event = dict[str, Any]


class StreamFeed:
    """Reads the streams the function modules' triggers name, from now on, and hands each batch to its module."""

    def __init__(self, services: Backends, *modules: ModuleType) -> None:
        endpoint, settings = services.env["AWS_ENDPOINT_URL"], get_settings()
        self.delivered: list[Event] = []
        self.applying = True
        self._modules = {name_of(module): module for module in modules}
        self._functions: dict[str, str] = {}  # a stream's ARN, as its events carry it: the function it feeds
        streams, dynamodb = aws_client("dynamodbstreams", endpoint), aws_client("dynamodb", endpoint)
        self._poller = StreamPoller(streams, dynamodb, self._invoke)
        # Each stream read as the app declares it (table, batch size), as the pump and Lambda read it.
        self._streams = [
            (
                DynamoDBEventConfig(name, "", m.TRIGGER.arn(settings), m.TRIGGER.batch_size, "TRIM_HORIZON", 0),
                settings.table(m.TRIGGER.table),
            )
            for name, m in self._modules.items()
        ]
        for _, table in self._streams:
            self._poller.start(table)

    def _invoke(self, name: str, event: Event) -> Any:
        self.delivered.append(event)
        self._functions[event["Records"][0]["eventSourceARN"]] = name
        return self._handle(name, event) if self.applying else {}

    def _handle(self, name: str, event: Event) -> Any:
        return self._modules[name].handler(event, lambda_context(name, 256, 30, "us-east-1", "123456789012"))

    def drain(self, apply: bool = True) -> list[Event]:
        """Hand over every record written since the last drain, stream by stream; the events delivered.

        `apply=False` hands them to no function, so a test can apply them its own way.
        """
        self.delivered.clear()
        self.applying = apply
        for config, table in self._streams:
            while self._poller.poll_once(config, table).records:
                pass
        return list(self.delivered)

    def replay(self, events: list[Event]) -> list[Any]:
        """Hand events delivered before over again, each to the function its stream feeds (as Lambda retries a
        batch); the functions' answers."""
        return [self._handle(self._functions[event["Records"][0]["eventSourceARN"]], event) for event in events]
