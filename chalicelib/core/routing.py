"""`route()`: one declaration per view that authenticates the caller, parses every input and maps errors.

A handler names what it needs as parameters and receives it checked and typed:
`user` (the Principal, or None for optional auth), `body`, `query` and `headers` (the declared models),
each path parameter (typed: `*_id` is a positive integer unless `params` says otherwise) and `request`
(the raw Chalice request, for headers and cookies). The OpenAPI document reads the same declaration.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from chalice import Blueprint, Response
from chalice.app import Request
from pydantic import BaseModel, TypeAdapter, ValidationError

from chalicelib.core import cors
from chalicelib.core.auth import SAFE_METHODS, Principal, optional_principal, require_staff, require_user
from chalicelib.core.errors import Forbidden, InvalidInput
from chalicelib.core.http import answer, bare
from chalicelib.core.observability import logger
from chalicelib.core.parsing import parse_body, parse_headers, parse_query, validation_errors
from chalicelib.core.routespec import Auth, Bare, RouteSpec, attach
from chalicelib.core.schemas import PathId, PathText

_INPUTS = frozenset({"user", "body", "query", "headers", "request"})
_AUTHENTICATE: Mapping[Auth, Callable[[Request], Principal | None]] = {
    "user": require_user,
    "staff": require_staff,
    "optional": optional_principal,
}


def path_params(path: str, declared: Mapping[str, Any]) -> dict[str, Any]:
    """Each `{name}` of a path with its type: the declared one, else PathId for `*_id`, else PathText."""
    names = re.findall(r"{(\w+)}", path)
    return {name: declared.get(name, PathId if name.endswith("_id") else PathText) for name in names}


def request_id(request: Request, lambda_context: Any) -> str:
    """API Gateway's id of this request, else the Lambda invocation's (chalice local has only the latter)."""
    context = request.context or {}
    return str(context.get("requestId") or getattr(lambda_context, "aws_request_id", "") or "")


@functools.cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    # Built on first use and shared by every route with the same type: cold starts never pay for them.
    return TypeAdapter(kind)


def path_adapters(spec: RouteSpec) -> list[TypeAdapter[Any]]:
    """The validators of a route's path parameters, built now (SnapStart builds them before its snapshot)."""
    return [_adapter(kind) for kind in path_params(spec.path, spec.params).values()]


@dataclass(frozen=True)
class _Binding:
    """What one view needs from a request, worked out once when the route is declared."""

    spec: RouteSpec
    params: Mapping[str, Any]
    wants: frozenset[str]

    def arguments(self, request: Request, raw_params: Mapping[str, str]) -> dict[str, Any]:
        """Authenticate, then validate path, query and body together: one 400 names every bad field."""
        found: dict[str, Any] = {}
        # Before the body is read: a cross-site form post (login CSRF) is a 403, not a 415 for its content type.
        if request.method.upper() not in SAFE_METHODS and cors.foreign_origin(request):
            raise Forbidden("a write from a page of another site")
        if self.spec.auth is not None:
            found["user"] = _AUTHENTICATE[self.spec.auth](request)
        errors: list[dict[str, str]] = []
        for name, kind in self.params.items():
            try:
                found[name] = _adapter(kind).validate_python(raw_params.get(name, ""))
            except ValidationError as exc:
                errors.extend({"field": name, "message": e["message"]} for e in validation_errors(exc))
        for name, model, parse in (
            ("headers", self.spec.headers, parse_headers),
            ("query", self.spec.query, parse_query),
            ("body", self.spec.body, parse_body),
        ):
            if model is not None:
                try:
                    found[name] = parse(request, model)
                except InvalidInput as exc:
                    errors.extend(exc.extra["errors"])
        if errors:
            raise InvalidInput(errors)
        found["request"] = request
        return {name: value for name, value in found.items() if name in self.wants}


def _bind(spec: RouteSpec, fn: Callable[..., Any]) -> _Binding:
    """Check the handler's parameters against the declaration now, at import, not on some later request."""
    params = path_params(spec.path, spec.params)
    wants = frozenset(inspect.signature(fn).parameters)
    declared = {"body": spec.body, "query": spec.query, "headers": spec.headers, "user": spec.auth}
    for name, value in declared.items():
        if value is not None and name not in wants and name != "user":
            raise TypeError(f"{fn.__qualname__} declares {name}= but takes no `{name}` parameter")
        if value is None and name in wants:
            raise TypeError(f"{fn.__qualname__} takes `{name}` but its route declares no {name}=")
    unknown = wants - _INPUTS - set(params)
    if unknown or not set(params) <= wants:
        raise TypeError(f"{fn.__qualname__}: parameters {sorted(wants)} do not match {spec.path} and its inputs")
    return _Binding(spec, params, wants)


def route(
    bp: Blueprint,
    path: str,
    methods: Iterable[str] = ("GET",),
    *,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    headers: type[BaseModel] | None = None,
    params: Mapping[str, Any] | None = None,
    auth: Auth | None = None,
    responses: Mapping[int, str] | None = None,
    hidden: bool = False,
    bare_answer: Bare | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `fn` on `bp`: it receives the declared inputs checked, and what it raises becomes the envelope.

    `bare_answer`: `fn` returns a list (or a string) that is the whole body on success, as the seed's server
    answered (DRF's unpaginated list views); every error is still the envelope.
    """
    verbs = tuple(methods)

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        tag = fn.__module__.split(".")[-2] if "." in fn.__module__ else fn.__module__
        spec = RouteSpec(path, verbs, fn.__name__, tag, body, query, headers, params or {}, auth)
        spec = replace(spec, responses=responses or {}, hidden=hidden, bare=bare_answer)
        binding = _bind(spec, fn)

        @functools.wraps(fn)
        def view(**raw_params: str) -> Response:
            request = bp.current_request
            rid = request_id(request, bp.current_app.lambda_context)
            # Every log line of this request carries the id its answer shows, so a support ticket finds them.
            logger.append_keys(request_id=rid)

            def run() -> Any:
                result = fn(**binding.arguments(request, raw_params))
                return bare(result) if bare_answer and not isinstance(result, Response) else result

            return cors.decorate(answer(run, rid), request)

        attach(view, spec)
        # API Gateway drops a trailing slash before routing, so the seed's `/users/` reaches `/users`.
        # Any content type reaches the view, so a wrong one is answered in the envelope (415), not by Chalice.
        bp.route(path.rstrip("/") or "/", methods=list(verbs), content_types=["*/*"])(view)
        return fn

    return decorator
