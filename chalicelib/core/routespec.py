"""What `route()` records of each view for the OpenAPI document: inputs, caller and answers (static, no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

# "user": a valid token is required (401); "staff": and a staff one (403); "optional": a token changes the answer.
Auth = Literal["user", "staff", "optional"]
# A success answered as the seed's server answered it: DRF's unpaginated list view (a bare JSON array) or a bare
# JSON string (renran's QQ login URL). Errors stay envelopes.
Bare = Literal["list", "string"]
SPEC_ATTRIBUTE = "route_spec"


@dataclass(frozen=True, eq=False)
class RouteSpec:
    """One view as the API document shows it; compared by identity (a view with two methods is one spec)."""

    path: str
    methods: tuple[str, ...]
    operation: str
    tag: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    headers: type[BaseModel] | None = None
    # Path parameter name → a type pydantic can describe; unnamed `*_id` ones are positive integers, others text.
    params: Mapping[str, Any] = field(default_factory=dict)
    auth: Auth | None = None
    # Status → description of answers the view gives on purpose beyond the ones its inputs and auth imply.
    responses: Mapping[int, str] = field(default_factory=dict)
    # Served but left out of the document: the document itself and the docs page for people.
    hidden: bool = False
    bare: Bare | None = None


def spec_of(view: Callable[..., Any]) -> RouteSpec | None:
    """The spec `route()` attached to a registered view, if any."""
    spec = getattr(view, SPEC_ATTRIBUTE, None)
    return spec if isinstance(spec, RouteSpec) else None


def attach(view: Callable[..., Any], spec: RouteSpec) -> None:
    """Attach a spec to the registered view (read back by `spec_of`)."""
    setattr(view, SPEC_ATTRIBUTE, spec)
