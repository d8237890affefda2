"""The Powertools wrapping of a plain Lambda handler, as app.py's middleware gives its consumers and schedules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.core.observability import get_tracer, logger, metrics, tracing_enabled

Handler = Callable[[dict[str, Any], Any], Any]


def observed(handler: Handler) -> Handler:
    """`handler` with context-aware logs (never the event: it may carry codes), flushed metrics and tracing if on."""
    wrapped = metrics.log_metrics(handler)
    if tracing_enabled():
        wrapped = get_tracer().capture_lambda_handler(wrapped)
    return logger.inject_lambda_context(wrapped, log_event=False)
