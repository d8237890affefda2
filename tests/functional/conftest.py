"""The app's test client and settings over the session's services (the `services` fixture is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.core.clients import get_redis
from chalicelib.core.settings import Settings, get_settings
from devstack.backends import Backends


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
