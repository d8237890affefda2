"""Test-wide environment, fixed before any app module is imported.

Ports are chosen now and the services started lazily by the functional fixtures, so no
pynamodb model or boto3 client can ever be built against a real AWS endpoint.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack import alipay_keys
from devstack.backends import Backends, local_env, start_backends
from devstack.redis_server import free_port

ROOT = Path(__file__).resolve().parent.parent
MOTO_PORT = free_port()
REDIS_PORT = free_port()
SEARCH_PORT = free_port()
OUTBOX = Path(tempfile.mkdtemp(prefix="shop-tests-outbox-"))

os.environ.update(local_env(MOTO_PORT, REDIS_PORT, SEARCH_PORT))
os.environ.update(
    {
        "JWT_SECRET": "test-secret-test-secret-test-secret-0123",
        "SMS_OUTBOX": str(OUTBOX / "sms.jsonl"),
        "EMAIL_OUTBOX": str(OUTBOX / "email.jsonl"),
        "SMS_IP_LIMIT_PER_HOUR": "100000",
        "LOGIN_LIMIT_PER_MINUTE": "100000",
        # Requests-per-operation tests measure with the standing warm, as in steady state; revocation tests
        # set the window to 0 to stand for "another container, after the window".
        "AUTH_CACHE_SECONDS": "60",
        "POWERTOOLS_METRICS_NAMESPACE": "ShopTests",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        # Payments configured as a deployed shop's are (tests/functional/test_payments.py signs with its own keys),
        # so a sweep over every route meets the payment routes' answers rather than "not configured".
        "ALIPAY_APP_PRIVATE_KEY": alipay_keys.new_private_key(),
        "ALIPAY_PUBLIC_KEY": alipay_keys.public_key_of(alipay_keys.new_private_key()),
    }
)


@pytest.fixture(scope="session")
def services() -> Iterator[Backends]:
    """Start moto, Redis and the search engine on the ports announced above, build the infra, load the areas.

    Here rather than in tests/functional, so an end-to-end test that runs the stack on these backends shares them.
    """
    backends = start_backends(moto_port=MOTO_PORT, redis_port=REDIS_PORT, search_port=SEARCH_PORT)
    try:
        from devstack.areas_data import load_areas

        load_areas()
        yield backends
    finally:
        backends.stop()
