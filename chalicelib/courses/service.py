"""Course catalogue use cases: the rendered catalogue is cached briefly, then filtered, ordered and paged in memory."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

import redis

from chalicelib.core.cache import invalidate, read_through
from chalicelib.core.links import drf_page, media_url
from chalicelib.courses import repository
from chalicelib.courses.models import Course, CourseCategory, CoursesQuery, Teacher

# One key for the whole live catalogue rather than one per query: every filter, ordering and page is
# answered from it, and a short life bounds staleness since there is no course write API to invalidate it.
COURSES_KEY = "course_actual_list"
CATEGORIES_KEY = "course_category_list"
CACHE_SECONDS = 60
MAX_SIZE = 50
PATH = "/course/actual/"
SECTIONS_SHOWN = 4  # the seed's section_list: the first four lessons on the list page

# Display names from the seed's choices, as the luffy front-end reads `*_name`.
LEVELS = {0: "初级", 1: "中级", 2: "高级"}
STATUSES = {0: "上线", 1: "下线", 2: "预上线"}
COURSE_TYPES = {0: "付费", 1: "VIP专享"}
ROLES = {0: "讲师", 1: "导师", 2: "班主任"}


class Courses(Protocol):
    """Where the live catalogue is read from (the DynamoDB one is `repository`)."""

    def live_courses(self) -> list[Course]: ...
    def live_categories(self) -> list[CourseCategory]: ...


def categories(r: redis.Redis, courses: Courses = repository) -> list[dict[str, Any]]:
    """Shown categories by `orders` as `[{id, name}]`."""

    def load() -> list[dict[str, Any]]:
        return [{"id": c.category_id, "name": c.name} for c in courses.live_categories()]

    return list(read_through(r, CATEGORIES_KEY, CACHE_SECONDS, load))


def _teacher(teacher: Teacher | None) -> dict[str, Any] | None:
    if teacher is None:
        return None
    return {
        "id": teacher.teacher_id,
        "name": teacher.name,
        "role": teacher.role,
        "role_name": ROLES.get(teacher.role, ""),
        "title": teacher.title,
        "signature": teacher.signature,
        "image": media_url(teacher.image),
        "brief": teacher.brief,
    }


def _section_list(course: Course) -> list[dict[str, Any]]:
    sections = [section for chapter in course.chapters for section in chapter.sections][:SECTIONS_SHOWN]
    return [
        {
            "id": s.section_id,
            "name": s.name,
            "section_link": s.section_link,
            "duration": s.duration,
            "free_trail": s.free_trail,
        }
        for s in sections
    ]


def to_dict(course: Course) -> dict[str, Any]:
    """A course in the seed's list shape, teacher and first sections included."""
    level, status, course_type = course.level, course.status, course.course_type
    return {
        "id": course.course_id,
        "name": course.name,
        "course_img": media_url(course.course_img),
        "course_type": course_type,
        "course_type_name": COURSE_TYPES.get(course_type, ""),
        "brief": course.brief,
        "level": level,
        "level_name": LEVELS.get(level, ""),
        "pub_date": course.pub_date,
        "period": course.period,
        "attachment_path": media_url(course.attachment_path),
        "status": status,
        "status_name": STATUSES.get(status, ""),
        "students": course.students,
        "sections": course.sections,
        "pub_sections": course.pub_sections,
        "price": course.price,
        "course_category": course.category_id,
        "teacher": _teacher(course.teacher),
        "section_list": _section_list(course),
    }


def _catalogue(r: redis.Redis, courses: Courses) -> list[dict[str, Any]]:
    def load() -> list[dict[str, Any]]:
        return [{"orders": c.orders, "course": to_dict(c)} for c in courses.live_courses()]

    return list(read_through(r, COURSES_KEY, CACHE_SECONDS, load))


def _sort_key(field: str) -> Any:
    if field == "orders":
        return lambda row: row["orders"]
    if field == "price":
        return lambda row: Decimal(row["course"]["price"])
    return lambda row: row["course"][field]


def actual_courses(r: redis.Redis, query: CoursesQuery, courses: Courses = repository) -> dict[str, Any]:
    """Shown courses, optionally of one category, ordered and paged DRF-style.

    An unknown category selects nothing (count 0) rather than 404: a filter that matches no course.
    """
    rows = _catalogue(r, courses)
    if query.course_category is not None:
        rows = [row for row in rows if row["course"]["course_category"] == query.course_category]
    field = query.ordering.lstrip("-")
    # Stable sorts: id first, so equal values keep a fixed order (reverse=True keeps ties in order too).
    rows = sorted(rows, key=lambda row: row["course"]["id"])
    rows = sorted(rows, key=_sort_key(field), reverse=query.ordering.startswith("-"))
    params: dict[str, Any] = {"ordering": query.ordering}
    if query.course_category is not None:
        params = {"course_category": query.course_category, **params}
    return drf_page([row["course"] for row in rows], query.page, min(query.size, MAX_SIZE), PATH, params)


def forget(r: redis.Redis) -> None:
    """Drop the cached catalogue (after loading data), so the next read is fresh."""
    invalidate(r, COURSES_KEY, CATEGORIES_KEY)
