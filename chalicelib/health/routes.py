"""GET /health/: one cheap call to each backing service; GET /openapi.json: the API document."""

from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.core.routing import route
from chalicelib.health import service

bp = Blueprint(__name__)


@route(bp, "/health/", responses={200: "both services answer"})
def health() -> Response:
    healthy, body = service.report()
    return Response(body=body, status_code=200 if healthy else 503, headers={"Content-Type": "application/json"})


@route(bp, "/openapi.json", hidden=True)
def openapi_document() -> Response:
    # Imported and built on the first request only: cold starts never pay for the document.
    from chalicelib.core import openapi

    return Response(body=openapi.document(bp.current_app), headers={"Content-Type": "application/json"})
