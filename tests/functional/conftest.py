"""One moto server, one real Redis server and the infra's tables and queues for the session (devstack/backends.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.core.clients import get_redis
from chalicelib.core.settings import Settings, get_settings
from devstack.backends import Backends, start_backends
from tests.conftest import MOTO_PORT, REDIS_PORT


@pytest.fixture(scope="session")
def services() -> Iterator[Backends]:
    """Start moto and Redis on the ports tests/conftest.py announced, build the infra and load the areas."""
    backends = start_backends(moto_port=MOTO_PORT, redis_port=REDIS_PORT)
    try:
        from devstack.areas_data import load_areas

        load_areas()
        yield backends
    finally:
        backends.stop()


@pytest.fixture(scope="session")
def client(services: Backends) -> Iterator[Client]:
    """The Chalice test client over the real app."""
    from app import app

    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def settings() -> Iterator[Settings]:
    """The live settings; attributes a test changes are restored after it."""
    live = get_settings()
    saved = live.model_dump()
    yield live
    for name, value in saved.items():
        setattr(live, name, value)


@pytest.fixture
def redis_client(services: Backends) -> Any:
    """The app's Redis client."""
    return get_redis()


@pytest.fixture(scope="module")
def no_order_schedules_left(services: Backends) -> Iterator[None]:
    """Orders' one-time schedules would otherwise linger in moto, which every later test module shares."""
    yield
    from tests.factories import drop_order_schedules

    drop_order_schedules()


@pytest.fixture(scope="module")
def category(services: Backends) -> int:
    """A fresh third-level category for one test module."""
    from tests.factories import make_categories

    return int(make_categories()["cat3"])
