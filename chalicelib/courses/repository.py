"""Courses and categories, each kind in one partition: the list page is one Query, never a Scan or a join.

A course item embeds its teacher (a map) and its chapters with their sections (lists), as the seed's
Course → Teacher / CourseChapter → CourseSection tables would be joined: one Query answers the whole
list page. A course of a few hundred sections stays far below DynamoDB's 400 KB item limit, and a
catalogue of hundreds of courses is a few MB in one partition, well inside its limits. A teacher edit
rewrites that teacher's courses, which is rare.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pynamodb.attributes import BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.core.storage import table_meta
from chalicelib.courses.models import Chapter, Course, CourseCategory, Section, Teacher

CATALOG = "courses"
CATEGORIES = "categories"
_CENT = Decimal("0.01")


class TeacherMap(MapAttribute[str, Any]):
    """The seed's Teacher, copied into each of their courses."""

    teacher_id = NumberAttribute()
    name = UnicodeAttribute()
    role = NumberAttribute(default=0)
    title = UnicodeAttribute(default="")
    signature = UnicodeAttribute(null=True)
    image = UnicodeAttribute(default="")
    brief = UnicodeAttribute(default="")


class SectionMap(MapAttribute[str, Any]):
    """The seed's CourseSection (a lesson); `free_trail` keeps the seed's spelling."""

    section_id = NumberAttribute()
    name = UnicodeAttribute()
    section_type = NumberAttribute(default=2)
    section_link = UnicodeAttribute(null=True)
    duration = UnicodeAttribute(null=True)
    free_trail = BooleanAttribute(default=False)


class ChapterMap(MapAttribute[str, Any]):
    """The seed's CourseChapter with its sections in order."""

    chapter_id = NumberAttribute()
    chapter = NumberAttribute(default=1)
    name = UnicodeAttribute()
    summary = UnicodeAttribute(default="")
    sections = ListAttribute(of=SectionMap, default=list)


class CourseModel(Model):
    """The seed's Course (the practical-course line)."""

    Meta = table_meta("courses")
    catalog = UnicodeAttribute(hash_key=True, default=CATALOG)
    course_id = NumberAttribute(range_key=True)
    name = UnicodeAttribute()
    course_img = UnicodeAttribute(default="")
    course_type = NumberAttribute(default=0)
    brief = UnicodeAttribute(default="")
    level = NumberAttribute(default=0)
    pub_date = UnicodeAttribute()  # ISO date, as the seed's DateField serialises
    period = NumberAttribute(default=7)
    attachment_path = UnicodeAttribute(default="")
    status = NumberAttribute(default=0)
    students = NumberAttribute(default=0)
    sections = NumberAttribute(default=0)  # the seed's total lesson count, not the embedded list
    pub_sections = NumberAttribute(default=0)
    # Decimal text ("99.00"): pynamodb reads NumberAttribute through float, which money must never touch.
    price = UnicodeAttribute(default="0.00")
    category_id = NumberAttribute(null=True)
    orders = NumberAttribute(default=0)
    is_show = BooleanAttribute(default=True)
    is_delete = BooleanAttribute(default=False)
    teacher = TeacherMap(null=True)
    chapters = ListAttribute(of=ChapterMap, default=list)


class CategoryModel(Model):
    """The seed's CourseCategory."""

    Meta = table_meta("course-categories")
    catalog = UnicodeAttribute(hash_key=True, default=CATEGORIES)
    category_id = NumberAttribute(range_key=True)
    name = UnicodeAttribute()
    orders = NumberAttribute(default=0)
    is_show = BooleanAttribute(default=True)
    is_delete = BooleanAttribute(default=False)


def _teacher(teacher: TeacherMap | None) -> Teacher | None:
    if teacher is None:
        return None
    role, teacher_id = int(teacher.role), int(teacher.teacher_id)
    return Teacher(teacher_id, teacher.name, role, teacher.title, teacher.signature, teacher.image, teacher.brief)


def _chapter(chapter: ChapterMap) -> Chapter:
    sections = tuple(
        Section(int(s.section_id), s.name, int(s.section_type), s.section_link, s.duration, bool(s.free_trail))
        for s in chapter.sections
    )
    return Chapter(int(chapter.chapter_id), chapter.name, int(chapter.chapter), chapter.summary, sections)


def _course(model: CourseModel) -> Course:
    return Course(
        course_id=int(model.course_id),
        name=model.name,
        pub_date=model.pub_date,
        course_img=model.course_img,
        course_type=int(model.course_type),
        brief=model.brief,
        level=int(model.level),
        period=int(model.period),
        attachment_path=model.attachment_path,
        status=int(model.status),
        students=int(model.students),
        sections=int(model.sections),
        pub_sections=int(model.pub_sections),
        price=model.price,
        category_id=int(model.category_id) if model.category_id is not None else None,
        orders=int(model.orders),
        teacher=_teacher(model.teacher),
        chapters=tuple(_chapter(c) for c in model.chapters),
    )


def live_courses() -> list[Course]:
    """Courses that are shown and not deleted, in key order (one paginated Query of the partition)."""
    live = (CourseModel.is_show == True) & (CourseModel.is_delete == False)  # noqa: E712
    return [_course(c) for c in CourseModel.query(CATALOG, filter_condition=live)]


def live_categories() -> list[CourseCategory]:
    """Categories that are shown and not deleted, by `orders` then id."""
    live = (CategoryModel.is_show == True) & (CategoryModel.is_delete == False)  # noqa: E712
    found = [
        CourseCategory(int(c.category_id), c.name, int(c.orders))
        for c in CategoryModel.query(CATEGORIES, filter_condition=live)
    ]
    return sorted(found, key=lambda c: (c.orders, c.category_id))


def _stored(values: dict[str, Any]) -> CourseModel:
    fields = dict(values)
    fields["price"] = str(Decimal(str(fields.get("price", "0"))).quantize(_CENT))
    teacher = fields.pop("teacher", None)
    chapters = [
        ChapterMap(**{**chapter, "sections": [SectionMap(**section) for section in chapter.get("sections", [])]})
        for chapter in fields.pop("chapters", [])
    ]
    return CourseModel(
        CATALOG,
        fields.pop("course_id"),
        teacher=TeacherMap(**teacher) if teacher else None,
        chapters=chapters,
        **fields,
    )


def save_courses(courses: list[dict[str, Any]]) -> int:
    """Put courses (plain dicts, teacher and chapters nested), replacing any with the same id."""
    with CourseModel.batch_write() as batch:
        for values in courses:
            batch.save(_stored(values))
    return len(courses)


def save_categories(categories: list[dict[str, Any]]) -> int:
    """Put categories, replacing any with the same id."""
    with CategoryModel.batch_write() as batch:
        for values in categories:
            fields = dict(values)
            batch.save(CategoryModel(CATEGORIES, fields.pop("category_id"), **fields))
    return len(categories)
