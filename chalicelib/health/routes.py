"""GET /health/: one cheap call to each backing service; GET /openapi.json: the API document."""

from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.core.clients import get_redis
from chalicelib.core.observability import logger
from chalicelib.core.routing import route
from chalicelib.core.storage import CounterModel

bp = Blueprint(__name__)


def _dynamodb_ok() -> bool:
    try:
        CounterModel.count("health-probe", limit=1)
    except Exception:
        logger.warning("dynamodb health probe failed", exc_info=True)
        return False
    return True


def _redis_ok() -> bool:
    try:
        return bool(get_redis().ping())
    except Exception:
        logger.warning("redis health probe failed", exc_info=True)
        return False


@route(bp, "/health/", responses={200: "both services answer"})
def health() -> Response:
    status = {"dynamodb": "ok" if _dynamodb_ok() else "down", "redis": "ok" if _redis_ok() else "down"}
    healthy = all(v == "ok" for v in status.values())
    body = {"code": "0" if healthy else "5030", "errmsg": "OK" if healthy else "a backing service is down", **status}
    return Response(body=body, status_code=200 if healthy else 503, headers={"Content-Type": "application/json"})


@route(bp, "/openapi.json")
def openapi_document() -> Response:
    # Imported and built on the first request only: cold starts never pay for the document.
    from chalicelib.core import openapi

    return Response(body=openapi.document(bp.current_app), headers={"Content-Type": "application/json"})
