"""The visit count route (its own blueprint, so the visits function imports nothing else of the catalogue's routes)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.catalogue import visits
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.core.settings import get_settings

bp = Blueprint(__name__)


@route(bp, "/detail/visit/{category_id}/", ["POST"])
def visit(category_id: int) -> dict[str, Any]:
    settings = get_settings()
    today = visits.business_day(settings.business_timezone)
    visits.record_visit(get_redis(), category_id, today, settings.visit_shards)
    return {}
