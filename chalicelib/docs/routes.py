"""GET / and /docs/: the interactive API docs; GET /docs/{name}: their files. Hidden from the OpenAPI document."""

from __future__ import annotations

from typing import Annotated

from chalice import Blueprint, Response
from chalice.app import Request
from pydantic import StringConstraints

from chalicelib.core.routing import route
from chalicelib.docs import assets
from chalicelib.docs.page import ASSET_CACHE, page

bp = Blueprint(__name__)
FileName = Annotated[str, StringConstraints(max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


@route(bp, "/", hidden=True)
def home(request: Request) -> Response:
    return page(request, "/")


@route(bp, "/docs/", hidden=True)
def docs_page(request: Request) -> Response:
    return page(request, "/docs/")


@route(bp, "/docs/{name}", params={"name": FileName}, hidden=True, responses={404: "no such file"})
def docs_file(name: str) -> Response:
    text = assets.read(name)  # 404 for anything but the page's own files
    headers: dict[str, str | list[str]] = {
        "Content-Type": assets.content_type(name),
        "Cache-Control": ASSET_CACHE,
        "X-Content-Type-Options": "nosniff",
    }
    return Response(body=text, status_code=200, headers=headers)
