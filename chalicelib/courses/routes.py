"""GET /course/category/ and GET /course/actual/ (seed, luffy): public catalogue reads."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.courses import service
from chalicelib.courses.models import CoursesQuery

bp = Blueprint(__name__)


@route(bp, "/course/category/")
def course_categories() -> dict[str, Any]:
    return {"result": service.categories(get_redis())}


@route(bp, "/course/actual/", query=CoursesQuery)
def actual_courses(query: CoursesQuery) -> dict[str, Any]:
    return service.actual_courses(get_redis(), query)
