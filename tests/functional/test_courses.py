"""Course catalogue (luffy): categories, and the course list filtered, ordered and paged DRF-style."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.core.clients import get_redis
from chalicelib.courses import repository, service
from devstack.home_data import load_home
from tests.factories import call

pytestmark = pytest.mark.usefixtures("services")

PYTHON, LINUX, GO = 1, 2, 3


@pytest.fixture(scope="module", autouse=True)
def catalogue(services):
    """The demo catalogue (12 shown courses), plus a hidden and a deleted course and a hidden category."""
    load_home()
    hidden = {"course_id": 9001, "name": "hidden", "pub_date": "2022-07-01", "category_id": PYTHON, "is_show": False}
    repository.save_courses(
        [hidden, {**hidden, "course_id": 9002, "name": "deleted", "is_show": True, "is_delete": True}]
    )
    repository.save_categories([{"category_id": 9, "name": "hidden", "is_show": False}])
    service.forget(get_redis())


def _list(client, query=""):
    status, body = call(client, "GET", f"/course/actual/?{query}")
    assert status == 200, body
    return body


def _ids(body):
    return [course["id"] for course in body["results"]]


def test_categories_are_the_shown_ones_by_orders(client):
    status, body = call(client, "GET", "/course/category/")
    assert status == 200
    assert body["result"] == [{"id": 1, "name": "Python"}, {"id": 2, "name": "Linux"}, {"id": 3, "name": "Go"}]


def test_first_page_holds_ten_shown_courses_by_orders_with_a_next_link(client, settings):
    body = _list(client)
    assert body["count"] == 12 and _ids(body) == list(range(1, 11))
    assert body["previous"] is None
    assert body["next"] == f"{settings.public_url}/course/actual/?ordering=orders&page=2&size=10"


def test_following_next_walks_the_pages_keeping_filter_and_ordering(client, settings):
    # Python's courses by price, highest first: 199.00, 129.00, 99.00, 88.80, 0.00
    pages = [_list(client, "course_category=1&ordering=-price&size=2")]
    while pages[-1]["next"]:
        pages.append(_list(client, urlsplit(pages[-1]["next"]).query))
    assert [_ids(page) for page in pages] == [[4, 5], [2, 6], [1]]
    assert parse_qs(urlsplit(pages[-1]["previous"]).query) == {
        "course_category": ["1"],
        "ordering": ["-price"],
        "page": ["2"],
        "size": ["2"],
    }
    page_two = _list(client, "size=4&page=2")
    assert _ids(page_two) == [5, 6, 7, 8]
    assert page_two["previous"] == f"{settings.public_url}/course/actual/?ordering=orders&page=1&size=4"
    assert page_two["next"] == f"{settings.public_url}/course/actual/?ordering=orders&page=3&size=4"


def test_a_course_carries_teacher_and_its_first_four_sections(client, settings):
    course = next(c for c in _list(client)["results"] if c["id"] == 2)
    assert (course["name"], course["price"], course["students"], course["level"]) == ("Python项目实战", "99.00", 340, 1)
    assert course["course_img"] == f"{settings.media_base()}/media/courses/course2.png"
    assert course["teacher"]["name"] == "Mjj" and course["teacher"]["image"].startswith(settings.media_base())
    assert set(course["teacher"]) >= {"id", "name", "role", "title", "signature", "image", "brief"}
    assert [s["name"] for s in course["section_list"]] == ["课程介绍", "开发环境安装", "第一个程序", "变量与类型"]
    assert set(course["section_list"][0]) == {"id", "name", "section_link", "duration", "free_trail"}
    assert {"pub_date", "period", "attachment_path", "status", "sections", "pub_sections", "brief"} <= set(course)


def test_hidden_and_deleted_courses_are_not_listed(client):
    assert not {9001, 9002} & set(_ids(_list(client, "size=50")))


@pytest.mark.parametrize(("category", "ids"), [(PYTHON, [1, 2, 4, 5, 6]), (LINUX, [3, 7, 8, 9]), (GO, [10, 11, 12])])
def test_filter_by_category(client, category, ids):
    body = _list(client, f"course_category={category}")
    assert (body["count"], _ids(body)) == (len(ids), ids)


def test_an_unknown_category_selects_nothing(client):
    assert _list(client, "course_category=424242") == {
        "code": "0",
        "errmsg": "OK",
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


@pytest.mark.parametrize(
    ("ordering", "key", "descending"),
    [("orders", "id", False), ("price", "price", False), ("-price", "price", True), ("-students", "students", True)],
)
def test_each_ordering(client, ordering, key, descending):
    results = _list(client, f"ordering={ordering}&size=50")["results"]
    values = [Decimal(c[key]) if key == "price" else c[key] for c in results]
    assert len(values) == 12 and values == sorted(values, reverse=descending)


def test_size_is_capped_at_fifty(client, redis_client):
    # Given 51 shown courses in a category of their own
    many = [
        {"course_id": 8000 + i, "name": f"bulk {i}", "pub_date": "2022-07-01", "category_id": 77} for i in range(51)
    ]
    repository.save_courses(many)
    service.forget(redis_client)
    try:
        body = _list(client, "course_category=77&size=500")
        assert (body["count"], len(body["results"])) == (51, 50)
        assert parse_qs(urlsplit(body["next"]).query)["size"] == ["50"]
        assert len(_list(client, urlsplit(body["next"]).query)["results"]) == 1
    finally:
        with repository.CourseModel.batch_write() as batch:
            for course in many:
                batch.delete(repository.CourseModel(repository.CATALOG, course["course_id"]))
        service.forget(redis_client)


def test_a_page_past_the_last_is_404(client):
    assert call(client, "GET", "/course/actual/?page=3")[0] == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("ordering=name", "ordering"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("size=0", "size"),
        ("course_category=abc", "course_category"),
        ("course_category=-1", "course_category"),
    ],
)
def test_bad_query_values_are_400_naming_the_field(client, query, field):
    status, body = call(client, "GET", f"/course/actual/?{query}")
    assert (status, body["code"]) == (400, "4003")
    assert [e["field"] for e in body["errors"]] == [field]


def test_the_catalogue_is_cached_briefly(client, redis_client):
    redis_client.delete(service.COURSES_KEY)
    _list(client)
    assert 0 < redis_client.ttl(service.COURSES_KEY) <= service.CACHE_SECONDS
