"""One botocore session per process, and one DynamoDB client per configuration, shared by every pynamodb model.

pynamodb gives each model's connection a botocore session and a client of its own: 40-58 ms and several MiB
each, paid once per table a function reaches (26 times for the API function's SnapStart init). A botocore client
is safe to share between threads once built; building one from a session is not, so clients are built under a
lock. The other AWS clients (core/clients.py) are made from the same session.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import botocore.client
import botocore.session
from pynamodb.connection.base import Connection

# Held while any client is built from the session (here and in core/clients.py): creation is not thread-safe.
creation_lock = threading.RLock()
_clients: dict[tuple[Any, ...], Any] = {}


_new_session = botocore.session.get_session  # kept before `sessions_shared` can swap it


@cache
def botocore_session() -> botocore.session.Session:
    """The process's botocore session (credentials, region data and service models are loaded once)."""
    return _new_session()


def _has_credentials(client: Any) -> bool:
    # botocore caches empty credentials when the metadata service flakes; such a client is rebuilt (as pynamodb does).
    signer = getattr(client, "_request_signer", None)
    return signer is None or bool(signer._credentials)


def dynamodb_client(connection: Connection) -> Any:
    """The shared DynamoDB client for this connection's region, endpoint, timeouts and retries."""
    key = (
        connection.region,
        connection.host,
        connection._connect_timeout_seconds,
        connection._read_timeout_seconds,
        connection._max_retry_attempts_exception,
        connection._max_pool_connections,
    )
    found = _clients.get(key)
    if found is not None and _has_credentials(found):
        return found
    with creation_lock:
        found = _clients.get(key)
        if found is None or not _has_credentials(found):
            config = botocore.client.Config(
                parameter_validation=False,  # as pynamodb: the models validate, botocore need not again
                connect_timeout=connection._connect_timeout_seconds,
                read_timeout=connection._read_timeout_seconds,
                max_pool_connections=max(connection._max_pool_connections, 50),  # one pool serves every model
                retries={"total_max_attempts": 1 + connection._max_retry_attempts_exception, "mode": "standard"},
            )
            found = botocore_session().create_client(
                "dynamodb", connection.region, endpoint_url=connection.host, config=config
            )
            _clients[key] = found
    return found


@contextmanager
def sessions_shared() -> Iterator[None]:
    """While inside, a library asking botocore for a new session gets the process's one instead."""
    original = botocore.session.get_session
    botocore.session.get_session = lambda env_vars=None: botocore_session()
    try:
        yield
    finally:
        botocore.session.get_session = original


def forget_clients() -> None:
    """Drop the shared DynamoDB clients (tests and the local stack point them at another endpoint)."""
    with creation_lock:
        _clients.clear()


def share_across_models() -> None:
    """Make every pynamodb connection use the process's session and the shared client (idempotent)."""
    Connection.session = property(lambda self: botocore_session())  # type: ignore[method-assign,assignment]
    Connection.client = property(dynamodb_client)  # type: ignore[method-assign,assignment]


share_across_models()
