"""luffy's Vue pages (`this.$axios`, `this.$settings.BASE_URL`): the home banner, courses, SMS and the flash sale.

The seed notes give the flash-sale page (002 Sckill.vue, 003 Sckill.vue) and the server side of the banner,
courses and SMS; the walk starts logged in (`token`) with a default address, a flash sale open on `sku_id`.
"""

from __future__ import annotations

from tests.e2e.front_end_calls import Call, Ref, Step

NO_NUMERIC_CODES = (
    "Luffy's numeric `code` values (100, 101 …, which its flash-sale page polls on) are not reproduced: "
    "one envelope for the whole API; a luffy page reads `status` and `errmsg` instead."
)
COURSE = ("id", "name", "course_img!", "brief", "level", "period", "students", "sections", "pub_sections", "price")

STEPS: list[Step] = [
    Call(
        "002/003 home banner (served from the cache the schedule refreshes)",
        "GET",
        "/home/banner/",
        reads=tuple(f"result[0].{f}" for f in ("id", "title", "image!", "link", "orders")),
    ),
    Call(
        "002 course category view (CourseCategorySerializer: id, name)",
        "GET",
        "/course/category/",
        reads=("result[0].id", "result[0].name"),
        keep={"course_category": "result[0].id"},
    ),
    Call(
        "002 course list: filter, ordering, paging (Course, Teacher, chapters and sections)",
        "GET",
        "/course/actual/?course_category={course_category}&ordering=orders&page=1&size=2",
        reads=(
            "count",
            "next",
            *(f"results[0].{f}" for f in COURSE),
            *(f"results[0].teacher.{f}" for f in ("name", "role", "title", "image!", "brief")),
        ),
    ),
    Call("002 send_sms (queued, delivered by the consumer)", "GET", "/sms_codes/{luffy_mobile}/", reads=("errmsg",)),
    Call(
        "002 Sckill.vue handleSckill",
        "POST",
        "/user/sckill/",
        {"sku_id": Ref("sku_id")},
        "JWT",
        status=202,
        reads=("task_id", "errmsg"),
        keep={"task_id": "task_id"},
        deviation=NO_NUMERIC_CODES + " (the page's {name} body is `{sku_id}`: `POST /user/sckill/` `{sku_id}`)",
    ),
    Call(
        "002 Sckill.vue setInterval: poll the task until it is done",
        "GET",
        "/user/sckill/?task_id={task_id}",
        auth="JWT",
        reads=("task_id", "status", "errmsg", "order_id"),
        poll=("status", ("queued",)),
        deviation=NO_NUMERIC_CODES,
    ),
]
