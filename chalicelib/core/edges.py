"""What the API answers beyond its routes, in the same envelope: preflights, 405 for a path's other methods, 404.

`complete(app)` runs once after every blueprint is registered (in app.py and in each function's handler module).
"""

from __future__ import annotations

from typing import Any

from chalice import Chalice, Response
from chalice.app import Request

from chalicelib.core import cors
from chalicelib.core.errors import AppError, MethodNotAllowed, NotFound
from chalicelib.core.http import REQUEST_ID_HEADER, error_response
from chalicelib.core.routing import request_id

# API Gateway's methods (Chalice's list); a greedy `{proxy+}` resource catches every path no route names.
METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
UNKNOWN_PATH = "/{proxy+}"
GENERATED = "generated_edge"


def _request(app: Chalice) -> Request:
    request = app.current_request
    assert request is not None, "only called while Chalice handles a request"
    return request


def _error(app: Chalice, exc: AppError) -> Response:
    rid = request_id(_request(app), app.lambda_context)
    response = error_response(exc, rid)
    response.headers[REQUEST_ID_HEADER] = rid
    return cors.decorate(response, _request(app))


def _mark(view: Any) -> Any:
    setattr(view, GENERATED, True)
    return view


def is_generated(view: Any) -> bool:
    """True for the views `complete` adds (no OpenAPI operation of their own)."""
    return bool(getattr(view, GENERATED, False))


def _not_allowed(app: Chalice, allowed: list[str]) -> Any:
    def view(**_: str) -> Response:
        response = _error(app, MethodNotAllowed())
        response.headers["Allow"] = ", ".join(sorted({*allowed, "OPTIONS"}))
        return response

    return _mark(view)


def _preflight(app: Chalice, allowed: list[str]) -> Any:
    return _mark(lambda **_: cors.preflight(_request(app), allowed))


def _unknown(app: Chalice) -> Any:
    return _mark(lambda **_: _error(app, NotFound("no such path")))


def complete(app: Chalice) -> Chalice:
    """Every routed path gets a preflight and a 405 for the methods it lacks; any other path a preflight and a 404."""
    for path, entries in list(app.routes.items()):
        allowed = sorted(entries)
        missing = [m for m in METHODS if m not in entries]
        if "OPTIONS" in missing:
            app.route(path, methods=["OPTIONS"], name="preflight", content_types=["*/*"])(_preflight(app, allowed))
        others = [m for m in missing if m != "OPTIONS"]
        if others:
            app.route(path, methods=others, name="method_not_allowed", content_types=["*/*"])(
                _not_allowed(app, allowed)
            )
    # A preflight for any path, as django-cors-headers answers one: the page then reads the real 404, not a CORS error.
    app.route(UNKNOWN_PATH, methods=["OPTIONS"], name="preflight_any", content_types=["*/*"])(
        _preflight(app, [m for m in METHODS if m != "OPTIONS"])
    )
    others = [m for m in METHODS if m != "OPTIONS"]
    app.route(UNKNOWN_PATH, methods=others, name="unknown_path", content_types=["*/*"])(_unknown(app))
    return app
