"""Requests into pydantic models: the JSON body, a form body, the query string and headers; 4xx naming each field."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from chalice.app import Request
from pydantic import BaseModel, ValidationError

from chalicelib.core.errors import BodyTooLarge, InvalidInput, UnsupportedMediaType
from chalicelib.core.settings import get_settings

M = TypeVar("M", bound=BaseModel)
# No request schema nests deeper than a few levels; deeper JSON is refused before it reaches a model.
MAX_JSON_DEPTH = 16
FORM = "application/x-www-form-urlencoded"
MAX_FORM_FIELDS = 100
UTF8 = {"utf-8": "utf-8"}


def validation_errors(exc: ValidationError) -> list[dict[str, str]]:
    """Pydantic errors as the contract's `[{field, message}]`."""
    errors = []
    for err in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(part) for part in err["loc"]) or "body"
        errors.append({"field": field, "message": err["msg"]})
    return errors


def parse_body(request: Request, model: type[M]) -> M:
    """Validate the JSON body against a pydantic model; 4xx naming each bad field."""
    raw = request.raw_body or b""
    if len(raw) > get_settings().max_body_bytes:
        raise BodyTooLarge()
    if not _is_json(request):
        raise UnsupportedMediaType(errors=[{"field": "Content-Type", "message": "must be application/json"}])
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput([{"field": "body", "message": "malformed JSON"}]) from None
    except RecursionError:  # nesting deep enough to exhaust the parser's stack
        data = None
    if data is None or _depth(data) > MAX_JSON_DEPTH:
        raise InvalidInput([{"field": "body", "message": f"JSON nested deeper than {MAX_JSON_DEPTH} levels"}])
    if not isinstance(data, dict):
        raise InvalidInput([{"field": "body", "message": "a JSON object is required"}])
    return validate(model, data)


def _media_type(request: Request) -> str:
    headers: Any = request.headers or {}
    return str(headers.get("content-type") or "").split(";", 1)[0].strip().lower()


def _is_json(request: Request) -> bool:
    media_type = _media_type(request)
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


def parse_form(request: Request, charset_field: str = "", charsets: Mapping[str, str] = UTF8) -> dict[str, str]:
    """The fields of a form-encoded body (how Alipay posts its notifications), URL-decoded; 4xx naming the field.

    Values are UTF-8 unless the form names its charset in `charset_field` (Alipay's `charset`: utf-8 or gbk), one of
    `charsets` (lower-cased name → codec).
    """
    raw = request.raw_body or b""
    if len(raw) > get_settings().max_body_bytes:
        raise BodyTooLarge()
    if _media_type(request) != FORM or not isinstance(raw, bytes):
        errors = [{"field": "Content-Type", "message": f"must be {FORM}"}]
        raise UnsupportedMediaType(f"send the body as a form with Content-Type: {FORM}", errors=errors)
    try:  # latin-1 keeps every byte as one character until the charset is known
        pairs = parse_qsl(
            raw.decode("latin-1"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS, encoding="latin-1"
        )
    except ValueError:
        raise InvalidInput([{"field": "body", "message": f"more than {MAX_FORM_FIELDS} fields"}]) from None
    declared = next((value for name, value in pairs if name == charset_field), "utf-8") if charset_field else "utf-8"
    codec = charsets.get(declared.lower())
    if codec is None:
        raise InvalidInput([{"field": charset_field, "message": f"one of {', '.join(sorted(charsets))}"}])
    fields: dict[str, str] = {}
    for name, value in pairs:
        try:
            name, value = name.encode("latin-1").decode(codec), value.encode("latin-1").decode(codec)
        except UnicodeDecodeError:
            raise InvalidInput([{"field": "body", "message": f"not {declared}"}]) from None
        if name in fields:  # a repeated field could be read two ways: the signature covers one of them
            raise InvalidInput([{"field": name, "message": "given more than once"}])
        fields[name] = value
    return fields


def _depth(value: Any) -> int:
    # Iterative, so measuring a hostile document can never overflow the stack itself.
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def parse_query(request: Request, model: type[M]) -> M:
    """Validate the query string against a pydantic model."""
    return validate(model, dict(request.query_params or {}))


def parse_headers(request: Request, model: type[M]) -> M:
    """Validate the headers a model names (each field's alias is its header) against it."""
    headers: Any = request.headers or {}
    names = [field.alias or name for name, field in model.model_fields.items()]
    return validate(model, {name: headers[name.lower()] for name in names if name.lower() in headers})


def validate(model: type[M], data: dict[str, Any]) -> M:
    """Validate a mapping (body, query or path values) into a model."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(validation_errors(exc)) from None
