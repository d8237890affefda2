"""The consumers and schedules: declared once in their modules, on app.py's app as on the packaged functions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from chalice.app import DynamoDBEventConfig, ScheduledEventConfig, SQSEventConfig

import app as whole
from chalicelib.core.base_url import remember_request
from chalicelib.core.settings import get_settings
from chalicelib.functions import registry
from chalicelib.functions.observed import decorators
from chalicelib.functions.triggers import table_of
from devstack.backends import Backends
from devstack.events import lambda_context, scheduled_event, sqs_event
from tests.functional.packaging import catalog

# What each of these functions has always been started by: (queue, batch size), rate() or (stream's table, batch size).
EXPECTED = {
    "notifications_consumer": ("sqs", "notifications", 10),
    "seckill_orders_consumer": ("sqs", "seckill-orders", 10),
    "order_timeouts_consumer": ("sqs", "order-timeouts", 10),
    "feed_fanout_consumer": ("sqs", "feed-fanout", 5),
    "refresh_banner_cache": ("rate", f"rate({get_settings().banner_refresh_minutes} minutes)", None),
    "sweep_unpaid_orders": ("rate", "rate(5 minutes)", None),
    "publish_due_articles": ("rate", "rate(1 minute)", None),
    "skus_indexer": ("stream", "skus", 100),
    "articles_indexer": ("stream", "feed-articles", 100),
}


def _declared(source: Any) -> tuple[str, str | None, int | None]:
    if isinstance(source, SQSEventConfig):
        return ("sqs", str(source.queue).removeprefix(get_settings().queue_prefix), source.batch_size)
    if isinstance(source, ScheduledEventConfig):
        return ("rate", source.schedule_expression.to_string(), None)  # type: ignore[union-attr]
    assert isinstance(source, DynamoDBEventConfig) and source.starting_position == "TRIM_HORIZON", source
    table = table_of(source.stream_arn)
    return ("stream", table.removeprefix(get_settings().table_prefix) if table else None, source.batch_size)


def test_the_app_declares_each_consumer_and_schedule_on_its_modules_trigger() -> None:
    """app.py's event sources are the registry's modules, each named after its module, on the trigger it declares."""
    declared = {source.name: _declared(source) for source in whole.app.event_sources}
    assert {name: declared.get(name) for name in EXPECTED} == EXPECTED
    assert [source.name for source in whole.app.event_sources] == [registry.name_of(m) for m in registry.MODULES]


def test_every_module_with_a_handler_is_registered() -> None:
    """A consumer or schedule module left out of the registry would be packaged without its event."""
    handlers = {f["name"] for f in catalog() if not f["routes"] and f["name"] != "api_handler"}
    assert handlers == {registry.name_of(m) for m in registry.MODULES}


def test_the_apps_middleware_wraps_routes_only() -> None:
    """The event handlers are their modules' own, already wrapped by Powertools: the app must not wrap them again."""
    # Powertools' decorators, and the middleware remembering each request's base URL for its links.
    handlers = [handler for handler, _ in whole.app.middleware_handlers]
    assert len(handlers) == len(decorators()) + 1 and handlers[-1] is remember_request
    assert {event_type for _, event_type in whole.app.middleware_handlers} == {"http"}


def test_the_modules_are_found_as_attributes_of_app_py() -> None:
    """Lambda's `app.<name>` handler strings and the local pump look each handler up on the module."""
    for module in registry.MODULES:
        assert getattr(whole, registry.name_of(module)) is whole.app.handler_map[registry.name_of(module)]
    with pytest.raises(AttributeError):
        whole.no_such_handler  # noqa: B018


def test_the_app_hands_its_consumers_lambdas_own_event_and_context(services: Backends) -> None:
    """Through app.py a consumer gets the raw SQS event, as deployed: each record parsed by its BatchProcessor."""
    arn = "arn:aws:sqs:us-east-1:123456789012:shop-order-timeouts"
    message = {"MessageId": "m-1", "ReceiptHandle": "r-1", "Body": '{"not": "ours"}', "MD5OfBody": "-"}
    event = sqs_event([{**message, "Attributes": {"ApproximateReceiveCount": "1"}}], arn, "us-east-1")
    with pytest.raises(BatchProcessingError, match="All records failed"):
        whole.order_timeouts_consumer(event, lambda_context("order_timeouts_consumer", 256, 30, "us-east-1", "1"))


def test_the_app_runs_a_schedule(services: Backends) -> None:
    """A schedule declared through the registry runs its module's handler (nothing due: nothing raises)."""
    rule = "arn:aws:events:us-east-1:123456789012:rule/shop-dev-publish_due_articles"
    event = scheduled_event(rule, "us-east-1", "123456789012", datetime.now(UTC))
    assert whole.publish_due_articles(event, lambda_context("publish_due_articles", 256, 30, "us-east-1", "1")) is None
