"""The docs page's static files: Swagger UI's (fetched by make from npm into swagger_ui/) and the page's own."""

from __future__ import annotations

import functools
from pathlib import Path

from chalicelib.core.errors import NotFound, ServiceUnavailable

HERE = Path(__file__).resolve().parent
SWAGGER_UI = HERE / "swagger_ui"
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# Name in the URL → file. Nothing else under this folder is served (no listing, no traversal).
FILES = {
    "swagger-ui-bundle.js": SWAGGER_UI / "swagger-ui-bundle.js",
    "swagger-ui.css": SWAGGER_UI / "swagger-ui.css",
    "docs.js": HERE / "static" / "docs.js",
    "docs.css": HERE / "static" / "docs.css",
}


def content_type(name: str) -> str:
    """The Content-Type of a served file, from its extension."""
    return _TYPES[Path(name).suffix]


@functools.cache
def read(name: str) -> str:
    """The text of one served file, read once per container; 404 for a name not served."""
    path = FILES.get(name)
    if path is None:
        raise NotFound("no such file")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        # A work tree where `make` never fetched Swagger UI: say how to get it rather than serve a blank page.
        raise ServiceUnavailable(f"{name} is missing: run `make run` (it fetches Swagger UI)") from None
