"""One moto server, one real Redis server and the infra's tables and queues for the session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.core.clients import get_redis
from chalicelib.core.settings import Settings, get_settings
from devstack.moto_server import start_moto
from devstack.redis_server import start_redis
from devstack.resources import create_resources
from tests.conftest import MOTO_PORT, REDIS_PORT, ROOT


@pytest.fixture(scope="session")
def services() -> Iterator[dict[str, Any]]:
    """Start moto and Redis on the ports tests/conftest.py announced, then build the infra."""
    moto = start_moto(MOTO_PORT)
    redis_server = start_redis(REDIS_PORT)
    resources = create_resources(moto.url, ROOT / "infra" / "resources.json")
    from devstack.areas_data import load_areas

    load_areas()
    yield {"moto": moto, "redis": redis_server, "resources": resources}
    redis_server.stop()
    moto.stop()


@pytest.fixture(scope="session")
def client(services: dict[str, Any]) -> Iterator[Client]:
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
def redis_client(services: dict[str, Any]) -> Any:
    """The app's Redis client."""
    return get_redis()


@pytest.fixture(scope="module")
def no_order_schedules_left(services: dict[str, Any]) -> Iterator[None]:
    """Orders' one-time schedules would otherwise linger in moto, which every later test module shares."""
    yield
    from tests.factories import drop_order_schedules

    drop_order_schedules()


@pytest.fixture(scope="module")
def category(services: dict[str, Any]) -> int:
    """A fresh third-level category for one test module."""
    from tests.factories import make_categories

    return int(make_categories()["cat3"])
