"""The stack the in-process benchmarks measure against: moto and Redis started here, and the app's test client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.measure import Api
from devstack.backends import Backends, start_backends

ROOT = Path(__file__).resolve().parent.parent


def start() -> Backends:
    """Start moto and Redis with the infra built (devstack/backends.py), and point this process at them."""
    backends = start_backends()
    os.environ.update(backends.env)
    os.environ.update(
        {
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "ERROR",
            "SMS_OUTBOX": str(ROOT / ".local" / "bench" / "sms.jsonl"),
            "EMAIL_OUTBOX": str(ROOT / ".local" / "bench" / "email.jsonl"),
        }
    )
    return backends


@contextmanager
def app_api() -> Iterator[Api]:
    """The app's test client, ready to measure; enter it only after start() has pointed the environment at the stack."""
    # Imported only now: the app's modules must see the stack's environment.
    from chalice.test import Client

    from app import app
    from chalicelib.core.settings import get_settings

    # Every user made here has its standing cached (devstack/factories.py); a window that outlasts the run
    # counts each request as in steady state, not with a re-read of the standing that lands by the clock.
    get_settings().auth_cache_seconds = 300
    with Client(app) as client:
        yield Api(client)
