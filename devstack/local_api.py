"""`chalice local`'s server with API Gateway's edges: a deep listen backlog, unknown paths to the greedy route.

Run as `python -m devstack.local_api --port 8000 --stage dev` from the project directory. It is Chalice's own
LocalDevServer and LocalGateway (the same request and event conversion as `chalice local`) with three changes:
- the listen backlog is 1024, not socketserver's 5, so a burst of clients is queued rather than reset;
- a path no route names goes to the app's `/{proxy+}` route, as API Gateway sends it there;
- a method Chalice has no handler for (TRACE, CONNECT, QUERY, any token) is a 405 in the envelope, not a 501 HTML page.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import uuid
from pathlib import Path
from typing import Any

from chalice.cli.factory import CLIFactory
from chalice.deploy.validate import validate_routes
from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LambdaEventConverter,
    LocalChalice,
    LocalDevServer,
    LocalGateway,
    MatchResult,
    RouteMatcher,
    ThreadedHTTPServer,
)

from chalicelib.core import cors
from chalicelib.core.edges import is_generated
from chalicelib.core.http import REQUEST_ID_HEADER
from chalicelib.core.settings import get_settings

BACKLOG = 1024
UNKNOWN_PATH = "/{proxy+}"
MAX_DRAINED_BYTES = 1 << 20


class _GreedyRouteMatcher(RouteMatcher):
    """Chalice's matcher, falling back to the greedy route for a path no route names."""

    def match_route(self, url: str) -> MatchResult:
        try:
            return super().match_route(url)
        except ValueError:
            if UNKNOWN_PATH not in self.route_urls:
                raise
            path = url.split("?", 1)[0].strip("/")
            return MatchResult(UNKNOWN_PATH, {"proxy": path}, {})


class _Gateway(LocalGateway):
    def __init__(self, app_object: Any, config: Any) -> None:
        super().__init__(app_object, config)
        matcher = _GreedyRouteMatcher(list(app_object.routes))
        self.event_converter = LambdaEventConverter(matcher, app_object.api.binary_types)


class _Handler(ChaliceRequestHandler):
    def __init__(self, request: Any, client_address: Any, server: Any, app_object: Any, config: Any) -> None:
        self.local_gateway = _Gateway(app_object, config)
        super(ChaliceRequestHandler, self).__init__(request, client_address, server)

    def _not_allowed(self) -> None:
        # Chalice never sees these methods, so this answers as the app's own 405 does: envelope, request id,
        # the path's methods in Allow, and CORS for an allowed origin (a page can read why it failed).
        self._drain_body()
        rid = str(uuid.uuid4())
        body = json.dumps({"code": "4003", "errmsg": "method not allowed on this path", "request_id": rid}).encode()
        self.send_response(405)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Allow", ", ".join(self._path_methods()))
        self.send_header(REQUEST_ID_HEADER, rid)
        self.send_header("Vary", "Origin")
        origin = self.headers.get("Origin") or ""
        if origin in get_settings().cors_origins():
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Credentials", "true")
            self.send_header("Access-Control-Expose-Headers", cors.EXPOSE_HEADERS)
        self.end_headers()
        self.wfile.write(body)

    def _drain_body(self) -> None:
        # The body is unread: on a kept-alive connection it would be parsed as the next request (a 400). A small
        # one is read and dropped; a large or unsized one ends the connection after this answer.
        length = self.headers.get("Content-Length", "0")
        if (
            length.isdecimal()
            and int(length) <= MAX_DRAINED_BYTES
            and "chunked" not in self.headers.get("Transfer-Encoding", "")
        ):
            self.rfile.read(int(length))
        else:
            self.close_connection = True

    def _path_methods(self) -> list[str]:
        routes = self.local_gateway._app_object.routes
        try:
            entries = routes[self.local_gateway.event_converter._route_matcher.match_route(self.path).route]
        except ValueError:
            return ["OPTIONS"]
        return sorted({m for m, e in entries.items() if not is_generated(e.view_function)} | {"OPTIONS"})

    def __getattr__(self, name: str) -> Any:
        # http.server looks up do_<METHOD> and answers a missing one with a 501 HTML page; every method token
        # Chalice has no handler for (TRACE, CONNECT, QUERY, PROPFIND, made-up ones) gets the enveloped 405.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)


class _Server(ThreadedHTTPServer):
    request_queue_size = BACKLOG


def build_server(project_dir: Path, host: str, port: int, stage: str) -> LocalDevServer:
    """The local server for the project's app and stage, as `chalice local` builds it, with the changes above."""
    config = CLIFactory(str(project_dir)).create_config_obj(chalice_stage_name=stage)
    app = config.chalice_app
    validate_routes(app.routes)
    # As chalice.local.create_local_server does: current_request becomes per thread, for the threaded server.
    CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
    app.__class__ = CustomLocalChalice
    return LocalDevServer(app, config, host, port, handler_cls=_Handler, server_cls=_Server)


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--stage", default="dev")
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
    build_server(Path.cwd(), args.host, args.port, args.stage).serve_forever()


if __name__ == "__main__":
    main()
