"""The consumers and schedules: the function modules that run on a trigger, declared on app.py's Chalice app.

Each module holds its handler and its `TRIGGER` (queue and batch size, rate, or stream). `register(app)` declares
them all under their modules' names, so `chalice local`'s pump and the tests run exactly the handlers Lambda runs,
and `chalice package` writes their events into the template, whose functions infra/functions.py then points at each
module's own handler. Only app.py imports this module: it imports every consumer and schedule.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from chalice import Chalice
from chalice.app import BaseLambdaEvent

from chalicelib.core.settings import get_settings
from chalicelib.functions import (
    articles_indexer,
    feed_fanout_consumer,
    notices_from_follows,
    notices_from_logs,
    notifications_consumer,
    order_timeouts_consumer,
    publish_due_articles,
    recommendations_precompute,
    refresh_banner_cache,
    seckill_orders_consumer,
    skus_indexer,
    sweep_unpaid_orders,
)
from chalicelib.functions.observed import Handler

# The order of the app's event sources: the pump starts a thread for each queue and stream in this order.
MODULES: tuple[ModuleType, ...] = (
    notifications_consumer,
    refresh_banner_cache,
    seckill_orders_consumer,
    order_timeouts_consumer,
    sweep_unpaid_orders,
    feed_fanout_consumer,
    publish_due_articles,
    skus_indexer,
    articles_indexer,
    recommendations_precompute,
    notices_from_logs,
    notices_from_follows,
)


def name_of(module: ModuleType) -> str:
    """The function's name: its module's, which is also its key in .chalice/config.json and its template resource's."""
    return module.__name__.rsplit(".", 1)[-1]


def _taking_chalice_events(name: str, handler: Handler) -> Callable[[BaseLambdaEvent], Any]:
    def call(event: BaseLambdaEvent) -> Any:
        # Chalice hands an event object; the module's handler takes Lambda's own event and context, as deployed.
        return handler(event.to_dict(), event.context)

    # Chalice names the event source, its function and its `app.<name>` handler string after the function.
    call.__name__ = call.__qualname__ = name
    call.__doc__ = handler.__doc__
    return call


def register(app: Chalice) -> dict[str, Callable[..., Any]]:
    """Declare every consumer and schedule on `app`; Chalice's handlers (called with event and context) by name."""
    settings = get_settings()
    declared = {}
    for module in MODULES:
        name = name_of(module)
        declared[name] = module.TRIGGER.declare(app, settings)(_taking_chalice_events(name, module.handler))
    return declared
