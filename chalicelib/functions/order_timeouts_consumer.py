"""The unpaid-order timeout queue consumer."""

from __future__ import annotations

from typing import Any

import aws_lambda_powertools.utilities.batch  # noqa: F401 (before pydantic: core/batch.py says why)

from chalicelib.core.priming import at_init
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Queue
from chalicelib.orders import timeouts

TRIGGER = Queue("order-timeouts", batch_size=10)
# Deployed: the session and the clients its records use, built at init (once per process), not on the first one.
at_init(("dynamodb", "sqs", "scheduler"))


@observed
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Cancel orders whose one-time schedule fired while they were still unpaid."""
    return timeouts.handle_batch(event, context)
