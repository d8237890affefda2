"""The deployed functions, found in `chalicelib/functions/`: their names, resources, handlers and the routes they serve.

An API module exposes a Chalice `app`; a consumer or schedule module exposes `handler` and is named after the
function app.py declares for `chalice local` (so `chalice package` has made its resource and event already).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from dataclasses import dataclass
from typing import Any

from chalice.utils import to_cfn_resource_name

from chalicelib.core.edges import UNKNOWN_PATH, is_generated
from chalicelib.functions.factory import reads_jwt_secret

FUNCTIONS_PACKAGE = "chalicelib.functions"
DEFAULT_API = "api"  # serves the unknown-path 404 and every route no other module claims
ALIAS = "live"
Route = tuple[str, str]  # (path as Chalice registers it, method)


@dataclass(frozen=True)
class Function:
    """One deployed function: its module, its name in .chalice/config.json and its template resource."""

    module: str
    name: str
    resource: str
    handler: str
    routes: frozenset[Route]
    reads_jwt_secret: bool = False  # an API function not built anonymous (functions/factory.py)

    @property
    def is_api(self) -> bool:
        """Whether API Gateway invokes it."""
        return bool(self.routes) or self.module.rsplit(".", 1)[-1] == DEFAULT_API


def _short(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def config_name(short: str, api: bool) -> str:
    """The function's key in `lambda_functions` of .chalice/config.json."""
    if not api:
        return short
    return "api_handler" if short == DEFAULT_API else f"{short}_api"


def resource_name(name: str) -> str:
    """The template's logical id, as Chalice names it (api_handler is Chalice's APIHandler)."""
    return "APIHandler" if name == "api_handler" else to_cfn_resource_name(name)


def served_routes(app: Any, default: bool) -> frozenset[Route]:
    """The (path, method) pairs an app answers itself; only the default function answers unknown paths."""
    routes: set[Route] = set()
    for path, entries in app.routes.items():
        if path == UNKNOWN_PATH and not default:
            continue
        routes.update((path, method) for method in entries)
    return frozenset(routes)


def real_routes(app: Any) -> frozenset[Route]:
    """The (path, method) pairs an app serves with a declared view (not a generated preflight, 405 or 404)."""
    return frozenset(
        (path, method)
        for path, entries in app.routes.items()
        for method, entry in entries.items()
        if not is_generated(entry.view_function)
    )


def discover() -> list[Function]:
    """Every function module of chalicelib/functions, imported (API modules build their app on import)."""
    package = importlib.import_module(FUNCTIONS_PACKAGE)
    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{FUNCTIONS_PACKAGE}.{info.name}")
        app = getattr(module, "app", None)
        if app is not None:
            name = config_name(info.name, api=True)
            routes = served_routes(app, info.name == DEFAULT_API)
            handler = f"{module.__name__}.app"
            found.append(Function(module.__name__, name, resource_name(name), handler, routes, reads_jwt_secret(app)))
        elif callable(getattr(module, "handler", None)):
            name = config_name(info.name, api=False)
            handler = f"{module.__name__}.handler"
            found.append(Function(module.__name__, name, resource_name(name), handler, frozenset()))
    return found


def route_owners(functions: list[Function]) -> dict[Route, Function]:
    """Which function serves each route; a route two modules serve is an error (each path lives in one module)."""
    owners: dict[Route, list[Function]] = {}
    for function in functions:
        for route in function.routes:
            owners.setdefault(route, []).append(function)
    chosen = {}
    for route, candidates in owners.items():
        if len(candidates) > 1:
            raise ValueError(f"{route} is served by {[f.module for f in candidates]}: give each route one function")
        chosen[route] = candidates[0]
    return chosen


def main() -> None:
    """Print the functions as JSON (tests read it from a fresh interpreter, where app.py is not imported)."""
    found = []
    for function in discover():
        app = getattr(importlib.import_module(function.module), "app", None)
        declared = sorted(real_routes(app)) if app is not None else []
        found.append({**function.__dict__, "routes": sorted(function.routes), "declared": declared})
    print(json.dumps(found))


if __name__ == "__main__":
    main()
