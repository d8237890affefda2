"""The local stand-ins for QQ and Alipay: an HTTP server on loopback, served from a daemon thread until stopped."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from devstack.redis_server import HOST, free_port, port_is_free


class LoopbackHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server bound to 127.0.0.1 only: a tester's stand-in is never reachable from the network."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__((HOST, port), handler)


class ServingThread:
    """Serves `server` until stop(); `port` and `url` say where it listens."""

    def __init__(self, server: LoopbackHTTPServer, name: str) -> None:
        self._server = server
        self.port = int(server.server_address[1])
        self.url = f"http://{HOST}:{self.port}"
        self._thread = threading.Thread(target=server.serve_forever, args=(0.2,), name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port; safe to call twice."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()


def chosen_port(given: Mapping[str, str], setting: str, default: int) -> int:
    """The port the setting names; else the default, or any free port when another stack holds the default."""
    if given.get(setting):
        return int(given[setting])
    # Any port serves: the URLs the app is given name it.
    return default if port_is_free(default) else free_port()
