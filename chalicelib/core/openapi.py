"""The OpenAPI 3.1 document, generated from the routes' specs and pydantic models on first request only."""

from __future__ import annotations

import functools
from typing import Any

from chalice import Chalice
from pydantic import TypeAdapter
from pydantic.json_schema import models_json_schema

from chalicelib.core.routespec import RouteSpec, spec_of
from chalicelib.core.routing import path_params

PATH = "/openapi.json"
_SCHEME_NOTE = "The `token` of POST /authorizations/, sent as `Authorization: JWT <token>` (the contract's) or Bearer."
_REF = "#/components/schemas/{model}"
_TEXT = {"type": "string"}
_ENVELOPES: dict[str, Any] = {
    "Envelope": {
        "type": "object",
        "required": ["code", "errmsg"],
        "properties": {"code": {"const": "0"}, "errmsg": _TEXT},
    },
    "FieldError": {
        "type": "object",
        "required": ["field", "message"],
        "properties": {"field": _TEXT, "message": _TEXT},
    },
    "Error": {
        "type": "object",
        "required": ["code", "errmsg"],
        "properties": {
            "code": {"type": "string", "pattern": r"^[1-9][0-9]{3}$"},
            "errmsg": _TEXT,
            "errors": {"type": "array", "items": {"$ref": _REF.format(model="FieldError")}},
        },
    },
}
_IMPLIED = {
    400: "invalid input; `errors` names each bad field",
    401: "no valid token",
    403: "a staff token is required",
    404: "not found, or not the caller's",
    413: "request body too large",
    503: "a backing service is unavailable or throttled, retry later",
}


def route_specs(app: Chalice) -> list[RouteSpec]:
    """Every registered view's spec, once each, in path order (hidden ones, like the document's own, left out)."""
    specs = {spec_of(entry.view_function) for entries in app.routes.values() for entry in entries.values()}
    return sorted((s for s in specs if s is not None and not s.hidden), key=lambda s: (s.path, s.methods))


@functools.cache
def document(app: Chalice) -> dict[str, Any]:
    """The whole API's OpenAPI document; built once per process, on the first request for it."""
    specs = route_specs(app)
    inputs = {m for s in specs for m in (s.body, s.query, s.headers) if m is not None}
    models = sorted(inputs, key=lambda m: m.__qualname__)
    refs, defs = models_json_schema([(m, "validation") for m in models], ref_template=_REF)
    schemas = {**defs.get("$defs", {}), **_ENVELOPES}
    paths: dict[str, dict[str, Any]] = {}
    for spec in specs:
        for method in spec.methods:
            body = refs[(spec.body, "validation")] if spec.body else None
            query = _inline(schemas, refs, spec.query)
            headers = _inline(schemas, refs, spec.headers)
            paths.setdefault(spec.path, {})[method.lower()] = _operation(spec, body, query, headers)
    security = {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": _SCHEME_NOTE}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "shop", "version": "1.0.0", "description": "Generated from the routes and their models."},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": security},
    }


def _inline(schemas: dict[str, Any], refs: dict[Any, Any], model: Any) -> dict[str, Any] | None:
    # Query and header models become parameters, so their schema is read in place rather than referenced.
    return schemas[refs[(model, "validation")]["$ref"].rsplit("/", 1)[1]] if model else None


def _operation(
    spec: RouteSpec, body: dict[str, Any] | None, query: dict[str, Any] | None, headers: dict[str, Any] | None
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": f"{spec.tag}_{spec.operation}",
        "tags": [spec.tag],
        "summary": spec.operation.replace("_", " "),
    }
    parameters = _path_parameters(spec) + _parameters(query, "query") + _parameters(headers, "header")
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    # OpenAPI 3.1 lets a bearer requirement name roles: staff operations require the "staff" one.
    roles = ["staff"] if spec.auth == "staff" else []
    if spec.auth:
        operation["security"] = [{}, {"bearer": roles}] if spec.auth == "optional" else [{"bearer": roles}]
    return operation | {"responses": _responses(spec)}


def _path_parameters(spec: RouteSpec) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "path", "required": True, "schema": TypeAdapter(kind).json_schema()}
        for name, kind in path_params(spec.path, spec.params).items()
    ]


def _parameters(model_schema: dict[str, Any] | None, where: str) -> list[dict[str, Any]]:
    if model_schema is None:
        return []
    required = set(model_schema.get("required", []))
    return [
        _parameter(name, where, name in required, _without_null(schema))
        for name, schema in model_schema.get("properties", {}).items()
    ]


def _parameter(name: str, where: str, required: bool, schema: dict[str, Any]) -> dict[str, Any]:
    parameter: dict[str, Any] = {"name": name, "in": where, "required": required}
    if "description" not in schema:
        return parameter | {"schema": schema}
    # Swagger UI shows a parameter's own description, not its schema's: the field's description moves up.
    rest = {key: value for key, value in schema.items() if key != "description"}
    return parameter | {"description": schema["description"], "schema": rest}


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    # A query string has no null: `int | None = None` is an optional integer parameter.
    options = [option for option in schema.get("anyOf", []) if option.get("type") != "null"]
    if len(options) != 1:
        return schema
    rest = {key: value for key, value in schema.items() if key not in {"anyOf", "default"}}
    return {**rest, **options[0]}


def _responses(spec: RouteSpec) -> dict[str, Any]:
    implied = {503}
    implied |= {400} if spec.body or spec.query or spec.headers or "{" in spec.path else set()
    implied |= {413} if spec.body else set()
    implied |= {404} if "{" in spec.path else set()
    implied |= {401} if spec.auth else set()
    implied |= {403} if spec.auth == "staff" else set()
    success = {status: text for status, text in spec.responses.items() if 200 <= status < 300} or {200: "OK"}
    described = {status: _IMPLIED[status] for status in implied} | dict(spec.responses) | success
    answers: dict[str, Any] = {
        str(status): _answer(text, "Envelope" if status < 300 else "Error")
        for status, text in sorted(described.items())
    }
    if spec.bare is not None:  # the seed's bare array or string on success; errors stay envelopes
        for status in success:
            shape = {"type": "array"} if spec.bare == "list" else _TEXT
            answers[str(status)] = {"description": success[status], "content": {"application/json": {"schema": shape}}}
    answers["default"] = _answer("any other answer, in the same envelope", "Error")
    return answers


def _answer(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": _REF.format(model=schema)}}},
    }
