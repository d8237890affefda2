"""Drive a queue consumer the way Lambda does (devstack/drain.py, as the benchmark does), and read the outboxes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.core.settings import get_settings
from devstack.drain import drain


def consume(logical_queue: str, handler_name: str, max_batches: int = 5) -> int:
    """Receive what is waiting, hand it to the handler, delete what succeeded; returns messages handled.

    At most `max_batches` batches: a test sees the consumer's follow-up messages only when it asks for them.
    """
    return drain(logical_queue, handler_name, max_batches)


def outbox(kind: str) -> list[dict[str, Any]]:
    """Every message the local provider has written to an outbox."""
    settings = get_settings()
    path = Path(settings.sms_outbox if kind == "sms" else settings.email_outbox)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
