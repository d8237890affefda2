"""moto's server in this process, on a free 127.0.0.1 port, and the env a client needs to reach it."""

from __future__ import annotations

import functools
import logging
import os
import threading
from types import TracebackType
from typing import Any

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer

from devstack.redis_server import HOST, port_is_free
from devstack.s3_post_policy import enforce_post_policies

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"  # moto's default account; ARNs it returns carry this id


class MotoStartError(RuntimeError):
    """The moto server could not bind its port."""


class MotoServer:
    """A running ThreadedMotoServer; stop() or use it as a context manager."""

    def __init__(self, server: ThreadedMotoServer) -> None:
        self._server = server
        host, port = server.get_host_and_port()
        self.port = port
        self.url = f"http://{host}:{port}"

    def stop(self) -> None:
        """Shut the server down and release its socket."""
        self._server.stop()
        # ThreadedMotoServer.stop() only shuts the loop down; close the listening socket too so the port is freed.
        wsgi = getattr(self._server, "_server", None)
        if wsgi is not None:
            wsgi.server_close()

    def __enter__(self) -> MotoServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_moto(port: int | None = None) -> MotoServer:
    """Start moto's server in a daemon thread on 127.0.0.1 (an OS-chosen free port unless given)."""
    if port is not None and not port_is_free(port):
        # ThreadedMotoServer.start() would wait forever if its thread fails to bind.
        raise MotoStartError(f"port {port} on {HOST} is already in use")
    # Every request is otherwise logged by werkzeug at INFO, drowning the stack's own logs.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    serialize_dynamodb_writes()
    enforce_post_policies()
    server = ThreadedMotoServer(ip_address=HOST, port=port or 0, verbose=False)
    server.start()
    return MotoServer(server)


_DYNAMODB_WRITES = ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item")
_write_lock = threading.RLock()
dynamodb_write_lock = _write_lock  # held by whoever must read DynamoDB's items while no write runs


def serialize_dynamodb_writes() -> None:
    """Make moto's DynamoDB writes atomic, as DynamoDB's are.

    moto's server answers each request on its own thread and its handlers read, change and re-read items
    without a lock, so two concurrent `ADD`s could return the same new value. One lock around each whole
    write handler (the response's return values included) restores single-item atomicity. Idempotent.
    """
    from moto.dynamodb.responses import DynamoHandler

    for name in _DYNAMODB_WRITES:
        handler = getattr(DynamoHandler, name)
        if getattr(handler, "_serialized", False):
            continue

        def locked(self: Any, *, _handler: Any = handler) -> Any:
            with _write_lock:
                return _handler(self)

        functools.update_wrapper(locked, handler)
        locked._serialized = True  # type: ignore[attr-defined]
        setattr(DynamoHandler, name, locked)


def aws_env(endpoint_url: str) -> dict[str, str]:
    """Environment variables that point boto3 (any process) at endpoint_url with dummy credentials."""
    return {
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        # botocore would otherwise try to put an account id into the endpoint host name.
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    }


def aws_client(service: str, endpoint_url: str, region: str = REGION) -> Any:
    """A boto3 client for endpoint_url; dummy credentials unless the environment has real-looking ones."""
    return boto3.session.Session().client(
        service,
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
        aws_session_token=os.environ.get("AWS_SESSION_TOKEN"),
        # Long polls last a few seconds; the read timeout must outlast them.
        config=Config(
            read_timeout=30, retries={"mode": "standard", "max_attempts": 3}, account_id_endpoint_mode="disabled"
        ),
    )
