"""The course catalogue's types: courses with teacher and chapters as stored, categories, the list query."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from pydantic import Field, model_validator

from chalicelib.core.schemas import Query


class Teacher(NamedTuple):
    """The seed's Teacher, as copied into each of their courses."""

    teacher_id: int
    name: str
    role: int = 0
    title: str = ""
    signature: str | None = None
    image: str = ""
    brief: str = ""


class Section(NamedTuple):
    """The seed's CourseSection (a lesson); `free_trail` keeps the seed's spelling."""

    section_id: int
    name: str
    section_type: int = 2
    section_link: str | None = None
    duration: str | None = None
    free_trail: bool = False


class Chapter(NamedTuple):
    """The seed's CourseChapter with its sections in order."""

    chapter_id: int
    name: str
    chapter: int = 1
    summary: str = ""
    sections: tuple[Section, ...] = ()


class Course(NamedTuple):
    """The seed's Course (the practical-course line); `price` is decimal text ("99.00")."""

    course_id: int
    name: str
    pub_date: str
    course_img: str = ""
    course_type: int = 0
    brief: str = ""
    level: int = 0
    period: int = 7
    attachment_path: str = ""
    status: int = 0
    students: int = 0
    sections: int = 0  # the seed's total lesson count, not the embedded chapters' sections
    pub_sections: int = 0
    price: str = "0.00"
    category_id: int | None = None
    orders: int = 0
    teacher: Teacher | None = None
    chapters: tuple[Chapter, ...] = ()


class CourseCategory(NamedTuple):
    """The seed's CourseCategory."""

    category_id: int
    name: str
    orders: int = 0


Ordering = Literal["orders", "-orders", "price", "-price", "students", "-students", "id", "-id"]


class CoursesQuery(Query):
    """`?course_category=&ordering=&page=&size=`, as the luffy list page sends them."""

    course_category: int | None = Field(default=None, ge=1, le=10**9)
    ordering: Ordering = "orders"
    page: int = Field(default=1, ge=1, le=10**6)
    # Larger sizes are capped to the maximum rather than refused, as DRF's max_page_size does.
    size: int = Field(default=10, ge=1, le=10**6)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        # The front-end sends `course_category=` for "all"; a blank value means "not given", as django-filter reads it.
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value != ""}
        return data
