"""A real OpenSearch-API server (osmem-server, from PyPI) on a local port, as redis_server.py starts Redis.

osmem-server speaks the OpenSearch REST API that opensearch-py and the deployed engine speak (mappings, the `cjk`
and `standard` analyzers, `_bulk` with external versions, highlights). It keeps its indexes in memory, so a
restart starts empty: `make run` reindexes from the tables (devstack/stack.py).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from types import TracebackType

from devstack.redis_server import HOST, free_port, port_is_free

START_TIMEOUT_SECONDS = 30.0


class SearchStartError(RuntimeError):
    """osmem-server did not come up; the message says why."""


class SearchServer:
    """A running osmem-server; stop() or use it as a context manager."""

    def __init__(self, server: object, port: int) -> None:
        self._server = server
        self.port = port

    @property
    def url(self) -> str:
        """http:// URL of the server (SEARCH_URL)."""
        return f"http://{HOST}:{self.port}"

    @property
    def version(self) -> str:
        """The OpenSearch version the server reports."""
        with urllib.request.urlopen(self.url, timeout=2) as answer:  # noqa: S310 (our own loopback URL)
            return str(json.load(answer)["version"]["number"])

    def is_running(self) -> bool:
        """True while the process is alive."""
        process = getattr(self._server, "process", None)
        return process is not None and process.poll() is None

    def stop(self) -> None:
        """Stop the server (it exits when its stdin closes; killed after 5 s); safe to call twice."""
        self._server.close()  # type: ignore[attr-defined]

    def __enter__(self) -> SearchServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_search(port: int | None = None) -> SearchServer:
    """Start osmem-server on 127.0.0.1 (a free port unless given) and wait until it answers."""
    from osmem_server import OsmemError, OsmemServer

    port = port or free_port()
    if not port_is_free(port):
        raise SearchStartError(f"port {port} on {HOST} is already in use")
    try:
        # japanese=False: kuromoji is not what the deployed engine has; `cjk` bigrams are, here and there.
        server = OsmemServer.start(addr=f"{HOST}:{port}", japanese=False, startup_timeout=START_TIMEOUT_SECONDS)
    except (OsmemError, OSError) as exc:
        raise SearchStartError(f"osmem-server on port {port} did not start: {exc}") from exc
    found = SearchServer(server, port)
    try:
        found.version  # noqa: B018 (one request proves it answers on the port we named)
    except (OSError, urllib.error.URLError, KeyError, ValueError) as exc:
        found.stop()
        raise SearchStartError(f"osmem-server on port {port} does not answer: {exc}") from exc
    return found
