"""Demo home and catalogue data: 4 banners, 3 course categories, 12 luffy-style courses with teachers and sections."""

from __future__ import annotations

import contextlib
from typing import Any

import redis

from chalicelib.banners import service as banners
from chalicelib.banners.models import BannerRequest
from chalicelib.core.clients import get_redis
from chalicelib.courses import repository as courses
from chalicelib.courses import service as course_service

BANNERS = [
    ("Python全栈开发", "media/banner/banner1.png", "/actual-course", 1),
    ("Go语言高薪就业", "media/banner/banner2.png", "/actual-course", 2),
    ("Linux云计算运维", "media/banner/banner3.png", "/free-course", 3),
    ("限时秒杀", "media/banner/banner4.png", "", 4),
]
CATEGORIES = [(1, "Python"), (2, "Linux"), (3, "Go")]
TEACHERS: dict[int, dict[str, Any]] = {
    1: {"name": "Alex", "role": 1, "title": "老男孩Python教学总监", "signature": "金角大王", "image": "alex_icon.png"},
    2: {"name": "Mjj", "role": 0, "title": "前美团前端项目组架构师", "signature": None, "image": "mjj_icon.png"},
    3: {"name": "Lyy", "role": 0, "title": "老男孩Linux学科带头人", "signature": None, "image": "lyy_icon.png"},
    4: {"name": "Egon", "role": 2, "title": "老男孩Go语言讲师", "signature": "一只小菜鸟", "image": "egon_icon.png"},
}
TEACHER_BRIEFS = {
    1: "老男孩教育CTO & CO-FOUNDER,国内知名Python语言推广者,多款开源软件作者。",
    2: "曾就职于美团网任高级前端开发,有丰富的教学经验,一直专注在前端的前沿技术领域。",
    3: "Linux运维技术专家,老男孩Linux金牌讲师,讲课风趣幽默、深入浅出。",
    4: "十年后端开发经验,专注Go语言高并发与微服务架构。",
}
# (id, name, category, teacher, price, students, level, period, sections)
COURSES = [
    (1, "Python开发21天入门", 1, 1, "0.00", 231, 0, 21, 120),
    (2, "Python项目实战", 1, 2, "99.00", 340, 1, 30, 120),
    (3, "Linux系统基础5周入门精讲", 2, 3, "39.00", 219, 0, 25, 100),
    (4, "Django框架深入剖析", 1, 1, "199.00", 512, 2, 45, 86),
    (5, "Flask框架与微信小程序后端", 1, 2, "129.00", 178, 1, 20, 64),
    (6, "Python爬虫开发实战", 1, 1, "88.80", 426, 1, 28, 72),
    (7, "Shell编程与自动化运维", 2, 3, "59.90", 305, 1, 18, 48),
    (8, "Docker与Kubernetes容器编排", 2, 3, "299.00", 158, 2, 40, 90),
    (9, "Nginx与高可用集群实战", 2, 3, "79.00", 96, 1, 14, 40),
    (10, "Go语言从入门到放弃", 3, 4, "19.90", 667, 0, 15, 60),
    (11, "Go语言微服务实战", 3, 4, "399.00", 88, 2, 50, 110),
    (12, "Go并发编程与性能调优", 3, 4, "159.00", 143, 2, 30, 56),
]
CHAPTERS = [("环境搭建", ["课程介绍", "开发环境安装", "第一个程序"]), ("核心语法", ["变量与类型", "流程控制", "函数"])]


def _chapters(course_id: int) -> list[dict[str, Any]]:
    chapters = []
    for number, (chapter_name, lessons) in enumerate(CHAPTERS, start=1):
        sections = [
            {
                "section_id": course_id * 100 + (number - 1) * len(lessons) + index,
                "name": lesson,
                "section_type": 2,
                "section_link": f"media/video/{course_id}-{number}-{index}.mp4",
                "duration": f"{8 + index * 3}:{(course_id * 7 + index) % 60:02d}",
                "free_trail": number == 1 and index <= 2,
            }
            for index, lesson in enumerate(lessons, start=1)
        ]
        chapters.append(
            {"chapter_id": course_id * 10 + number, "chapter": number, "name": chapter_name, "sections": sections}
        )
    return chapters


def _course(row: tuple[int, str, int, int, str, int, int, int, int]) -> dict[str, Any]:
    course_id, name, category, teacher_id, price, students, level, period, sections = row
    teacher = TEACHERS[teacher_id]
    return {
        "course_id": course_id,
        "name": name,
        "course_img": f"media/courses/course{course_id}.png",
        "brief": f"{name}:从基础到项目,一步一个脚印。",
        "level": level,
        "pub_date": f"2022-07-{course_id + 10:02d}",
        "period": period,
        "students": students,
        "sections": sections,
        "pub_sections": sections - course_id % 3 * 5,
        "price": price,
        "category_id": category,
        "orders": course_id,
        "teacher": {
            **teacher,
            "teacher_id": teacher_id,
            "image": f"media/teacher/{teacher['image']}",
            "brief": TEACHER_BRIEFS[teacher_id],
        },
        "chapters": _chapters(course_id),
    }


def media_keys() -> tuple[list[str], list[str], list[str]]:
    """The media keys of the demo banners, course covers and teacher portraits."""
    courses = [_course(row) for row in COURSES]
    teachers = sorted({course["teacher"]["image"] for course in courses})
    return [b[1] for b in BANNERS], [course["course_img"] for course in courses], teachers


def _load_banners(r: redis.Redis) -> int:
    # Banners take ids from the counter like staff-created ones, so a title already present is skipped.
    present = {banner["title"] for banner in banners.all_banners()}
    missing = [b for b in BANNERS if b[0] not in present]
    for title, image, link, orders in missing:
        banners.create(r, BannerRequest(title=title, image=image, link=link, orders=orders, is_show=True))
    return len(missing)


def load_home(r: redis.Redis | None = None) -> dict[str, int]:
    """Load the demo banners and catalogue; safe to run twice (courses and categories are put by fixed id)."""
    client = r if r is not None else get_redis()
    created = _load_banners(client)
    categories = courses.save_categories(
        [{"category_id": cid, "name": name, "orders": cid} for cid, name in CATEGORIES]
    )
    loaded = courses.save_courses([_course(row) for row in COURSES])
    with contextlib.suppress(redis.RedisError):  # the cached catalogue lives a minute at most anyway
        course_service.forget(client)
    return {"banners_created": created, "categories": categories, "courses": loaded}
