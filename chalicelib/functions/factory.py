"""The Chalice app of one API function: the shared middleware, its blueprints and the generated edges."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from chalice import Blueprint, Chalice, ConvertToMiddleware

from chalicelib.core import heap
from chalicelib.core.base_url import remember_request
from chalicelib.core.edges import complete
from chalicelib.core.routespec import RouteSpec, spec_of
from chalicelib.core.stage import taking_snapshot
from chalicelib.functions.observed import decorators


def observe(app: Chalice) -> Chalice:
    """`app` with the Powertools decorators of `observed` as its routes' middleware (app.py and each API function)."""
    # Chalice runs the middleware registered first outermost, as `observed` nests the decorators; only the routes:
    # event handlers are `observed` themselves.
    for decorator in decorators():
        app.register_middleware(ConvertToMiddleware(decorator), "http")
    app.register_middleware(remember_request, "http")  # links built for a request start with its URL
    return app


def _specs(app: Chalice) -> Iterator[RouteSpec]:
    views = (entry.view_function for entries in app.routes.values() for entry in entries.values())
    return filter(None, map(spec_of, views))


# Set on an app built `anonymous`: no route of it meets a caller or signs one in, so it never reads the JWT secret.
_ANONYMOUS = "shop_anonymous"


def reads_jwt_secret(app: Chalice) -> bool:
    """Whether the app's routes may check or sign a login, a ticket or a cart id: all but an anonymous app's."""
    # Declared, not inferred from the routes' auth: a login or a QQ callback meets no caller yet signs a token.
    return not getattr(app, _ANONYMOUS, False)


class NotAnonymous(ValueError):
    """An app built `anonymous` serves a route that meets a caller."""


class BlueprintTaken(RuntimeError):
    """A blueprint already registered on another app (app.py's) cannot serve a function app in the same process."""


def build(*blueprints: Blueprint, prepare: tuple[Callable[[], object], ...] = (), anonymous: bool = False) -> Chalice:
    """A Chalice app serving only `blueprints`, with preflights, 405s and the 404 for unknown paths.

    `prepare`: what else the routes' first requests would do, done before a SnapStart snapshot with the rest.
    `anonymous`: no route checks or signs a login, a ticket or a cart id; the function is not granted the JWT secret.
    """
    app = observe(Chalice(app_name="shop"))
    for blueprint in blueprints:
        # Chalice pops each route's options (methods, content types) while registering a blueprint, so a second
        # registration would make every route a GET. Lambda imports one function module per process; so must we.
        if getattr(blueprint, "_current_app", None) is not None:
            raise BlueprintTaken(f"{blueprint._import_name} is registered already: import function modules alone")
        app.register_blueprint(blueprint)
    complete(app)
    if anonymous:
        if met := [spec.path for spec in _specs(app) if spec.auth is not None]:
            raise NotAnonymous(f"routes meeting a caller in an anonymous app: {met}")
        setattr(app, _ANONYMOUS, True)
    if taking_snapshot():
        # Only while SnapStart takes the snapshot: the set-up is then paid once per version, not per start.
        before_snapshot(app)
        for step in prepare:
            step()
    heap.settle()  # the function module's init ends here (functions/__init__.py paused the collector)
    return app


def before_snapshot(app: Chalice) -> None:
    """Build and prime what the first request would: clients, the secret's reader (never the secret), validators."""
    from chalicelib.core.clients import aws_client, reached_services, warm_clients
    from chalicelib.core.priming import prime
    from chalicelib.core.routing import path_adapters
    from chalicelib.core.settings import get_settings

    services = reached_services()
    warm_clients(services)
    caller = reads_jwt_secret(app)
    if caller and get_settings().jwt_secret_arn:
        aws_client("secretsmanager")
    prime(services, caller=caller)
    for spec in _specs(app):
        path_adapters(spec)
