"""The Powertools wrapping every function runs under, written once: here for plain handlers, and as the middleware
`factory.observe` gives a Chalice app (this module imports no Chalice: the consumers and schedules never load it).

Outermost first: logs carrying the Lambda context (never the event: it carries passwords, SMS codes and tokens,
whatever POWERTOOLS_LOGGER_LOG_EVENT says), X-Ray tracing when it is on, and the metrics flushed after each call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.core.observability import get_tracer, logger, metrics, tracing_enabled

Handler = Callable[[dict[str, Any], Any], Any]
Decorator = Callable[[Handler], Handler]


def decorators() -> list[Decorator]:
    """Powertools' Lambda handler decorators, outermost first."""
    found: list[Decorator] = [logger.inject_lambda_context(log_event=False)]
    if tracing_enabled():
        found.append(get_tracer().capture_lambda_handler)
    found.append(metrics.log_metrics)
    return found


def observed(handler: Handler) -> Handler:
    """`handler` (a consumer's or schedule's Lambda handler) under the Powertools decorators."""
    for decorator in reversed(decorators()):
        handler = decorator(handler)
    return handler
