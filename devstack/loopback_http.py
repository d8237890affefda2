"""The local stand-ins for QQ and Alipay: an HTTP server on loopback, served from a daemon thread until stopped."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from devstack.redis_server import HOST, free_port, port_is_free


def with_query(url: str, params: Mapping[str, str]) -> str:
    """`url` with `params` added to whatever query it already has (a redirect back to the caller's page)."""
    return f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(params)}"


class LoopbackHandler(BaseHTTPRequestHandler):
    """What the stand-ins' pages share: form and query parsing, a text answer, access lines at debug level."""

    log = logging.getLogger("devstack")

    def log_message(self, format: str, *args: object) -> None:
        self.log.debug("%s " + format, self.address_string(), *args)

    def params(self, text: str) -> dict[str, str]:
        """A query string or form body as one value per name (blank values kept)."""
        return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}

    def form(self) -> dict[str, str]:
        """The posted form body (its first 8 KiB: the pages post a few short fields)."""
        length = min(int(self.headers.get("Content-Length") or 0), 8192)
        return self.params(self.rfile.read(length).decode("utf-8", "replace"))

    def send_text(self, status: int, body: str, content_type: str = "text/html", location: str | None = None) -> None:
        """Answer `body` in UTF-8, with a Location when redirecting."""
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data)


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
