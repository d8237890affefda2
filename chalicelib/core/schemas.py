"""Base classes for request schemas, and the types of path parameters."""

from __future__ import annotations

import re
import types
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

_DIGITS = re.compile(r"[0-9]{1,12}")
_INTEGER = re.compile(r"-?[0-9]{1,15}")
# What HTML forms, checkboxes and URL parameters make of a boolean.
_BOOLEANS = {"true": True, "on": True, "1": True, "false": False, "off": False, "0": False}


def _kinds(annotation: Any) -> set[Any]:
    # `int | None`, Optional[int] and Annotated[int, ...] all name int.
    if get_origin(annotation) is Annotated:
        return _kinds(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return {kind for arg in get_args(annotation) for kind in _kinds(arg)}
    if get_origin(annotation) is Literal:  # choices such as pay_method's Literal[1, 2], sent by a radio as "2"
        return {type(choice) for choice in get_args(annotation)}
    return {annotation}


@cache
def _field_kinds(model: type[BaseModel]) -> dict[str, tuple[set[Any], bool]]:
    return {
        (field.alias or name): (_kinds(field.annotation), not field.is_required())
        for name, field in model.model_fields.items()
    }


def as_browsers_send(model: type[BaseModel], data: Any) -> Any:
    """Read values as forms and URLs give them: "" for an optional field is absent, "9" is 9, "on" is True.

    Anything else keeps its type, so the model still refuses "9.5" for an id or "yes" for a flag, naming the field.
    """
    if not isinstance(data, dict):
        return data
    values = {}
    for key, value in data.items():
        kinds, optional = _field_kinds(model).get(key, (set(), True))
        if value == "" and optional:
            continue
        if isinstance(value, str) and bool in kinds and value.strip().lower() in _BOOLEANS:
            value = _BOOLEANS[value.strip().lower()]
        elif isinstance(value, str) and int in kinds and bool not in kinds and _INTEGER.fullmatch(value):
            value = int(value)
        values[key] = value
    return values


class Body(BaseModel):
    """A JSON body as browsers send it (see `as_browsers_send`), otherwise strict; unknown keys ignored."""

    model_config = ConfigDict(extra="ignore", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _browser_values(cls, data: Any) -> Any:
        return as_browsers_send(cls, data)


class Query(BaseModel):
    """Query-string values arrive as text, so these convert ("2" → 2) but still validate; `?x=` is absent."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _browser_values(cls, data: Any) -> Any:
        return as_browsers_send(cls, data)


class Headers(BaseModel):
    """Request headers a route reads, each field aliased to its header name (matched case-insensitively)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=False)


def _ascii_digits(value: Any) -> Any:
    # str.isdigit() takes "²", which int() refuses, and int() takes other scripts' digits: ASCII digits only.
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise ValueError("must be a positive integer")
    return value


# The default type of a path parameter named `*_id`; any other is PathText unless the route names its type.
PathId = Annotated[int, BeforeValidator(_ascii_digits), Field(ge=1, le=10**12 - 1)]
PathText = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
