"""The unpaid-order sweeper, on an EventBridge rate rule."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.core.priming import at_init
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Every
from chalicelib.orders import timeouts

TRIGGER = Every(5)
# Deployed: the session and the clients its records use, built at init (once per process), not on the first one.
at_init(("dynamodb", "sqs", "scheduler"))


@observed
def handler(event: dict[str, Any], context: Any) -> None:
    """Backstop for lost schedules: cancel unpaid orders past the timeout, found in a sparse index."""
    timeouts.sweep(datetime.now(UTC))
