"""Visit counting: one record per category and day, no lost counts, one DynamoDB request, sharding, staff report."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from chalicelib.catalogue import visits, visits_repository
from chalicelib.core.errors import NotFound
from devstack.redis_server import free_port
from tests.counting import count_dynamodb, count_redis
from tests.factories import call, make_categories, make_user

pytestmark = pytest.mark.usefixtures("services")

THREADS, VISITS_EACH = 16, 50


def _today(settings) -> str:
    return visits.business_day(settings.business_timezone).isoformat()


def _visit_concurrently(client, category_id: int, each: int = VISITS_EACH) -> list[int]:
    statuses: list[int] = []
    barrier = threading.Barrier(THREADS)

    def visitor() -> None:
        barrier.wait()
        for _ in range(each):
            statuses.append(client.http.post(f"/detail/visit/{category_id}/").status_code)

    threads = [threading.Thread(target=visitor) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _views(client, token, day: str | None = None) -> dict[int, int]:
    status, body = call(client, "GET", "/statistical/goods_day_views/" + (f"?date={day}" if day else ""), token=token)
    assert status == 200, body
    return {row["category_id"]: row["count"] for row in body["results"]}


def test_concurrent_visits_all_land_in_one_record(client, settings):
    # Given 16 visitors racing 50 visits each to one category
    cat3 = make_categories()["cat3"]
    statuses = _visit_concurrently(client, cat3)
    # Then every visit answered OK and today's single record holds all 800
    assert statuses == [200] * THREADS * VISITS_EACH
    records = list(visits_repository.VisitModel.query(cat3))
    assert [(r.date, int(r.visits)) for r in records] == [(_today(settings), THREADS * VISITS_EACH)]
    assert visits_repository.category_count(cat3, _today(settings)) == THREADS * VISITS_EACH


def test_a_visit_is_one_dynamodb_request_and_one_redis_read(client):
    cat3 = make_categories()["cat3"]
    call(client, "GET", "/categories/")  # the tree is cached, as it is in steady state
    with count_dynamodb() as dynamodb, count_redis() as trips:
        status, body = call(client, "POST", f"/detail/visit/{cat3}/")
    assert (status, body) == (200, {"code": "0", "errmsg": "OK"})
    assert dynamodb.operations == ["UpdateItem"]
    assert trips.round_trips == [["GET"]]


def test_visiting_an_unknown_or_upper_level_category_is_404_and_counts_nothing(client, settings):
    chain = make_categories()
    for category_id in (987654321, chain["cat1"], chain["cat2"]):
        status, body = call(client, "POST", f"/detail/visit/{category_id}/")
        assert (status, body["code"]) == (404, "4404")
        assert visits_repository.category_count(category_id, _today(settings)) == 0
    status, body = call(client, "POST", "/detail/visit/abc/")
    assert status == 400 and body["errors"][0]["field"] == "category_id"


def test_with_redis_down_the_category_check_costs_one_getitem(services, settings):
    # Given a Redis that refuses connections
    dead = redis.Redis(port=free_port(), retry=Retry(NoBackoff(), 0), decode_responses=True)
    chain = make_categories()
    today = visits.business_day(settings.business_timezone)
    # Then a visit still counts, for one GetItem more, and an unknown category is still 404
    with count_dynamodb() as dynamodb:
        visits.record_visit(dead, chain["cat3"], today, 1)
    assert dynamodb.operations == ["GetItem", "UpdateItem"]
    assert visits_repository.category_count(chain["cat3"], today.isoformat()) == 1
    with pytest.raises(NotFound):
        visits.record_visit(dead, chain["cat2"], today, 1)


def test_sharded_visits_are_summed_exactly_in_the_day_report(client, settings):
    # Given four shards per category and day, and a second category with fewer visits
    settings.visit_shards = 4
    busy, quiet = make_categories()["cat3"], make_categories()["cat3"]
    assert set(_visit_concurrently(client, busy, each=10)) == {200}
    for _ in range(3):
        call(client, "POST", f"/detail/visit/{quiet}/")
    # Then the visits spread over several records, and the report still has the exact sums
    records = list(visits_repository.VisitModel.query(busy))
    assert 1 < len(records) <= 4 and all(r.date.startswith(f"{_today(settings)}#") for r in records)
    staff = make_user(is_staff=True)
    status, body = call(client, "GET", "/statistical/goods_day_views/", token=staff["token"])
    assert status == 200 and body["date"] == _today(settings)
    counts = {row["category_id"]: row["count"] for row in body["results"]}
    assert (counts[busy], counts[quiet]) == (THREADS * 10, 3)
    assert [row["count"] for row in body["results"]] == sorted(counts.values(), reverse=True)


def test_day_report_names_categories_and_reads_the_asked_date(client, settings):
    chain = make_categories()
    call(client, "POST", f"/detail/visit/{chain['cat3']}/")
    staff = make_user(is_staff=True)
    status, body = call(client, "GET", "/statistical/goods_day_views/", token=staff["token"])
    row = next(r for r in body["results"] if r["category_id"] == chain["cat3"])
    assert row == {"category_id": chain["cat3"], "category": chain["names"][2], "count": 1}
    yesterday = (date.fromisoformat(_today(settings)) - timedelta(days=1)).isoformat()
    assert chain["cat3"] not in _views(client, staff["token"], yesterday)
    assert chain["cat3"] in _views(client, staff["token"], _today(settings))
    status, body = call(client, "GET", "/statistical/goods_day_views/?date=2024-13-01", token=staff["token"])
    assert status == 400 and body["errors"][0]["field"] == "date"


def test_day_report_is_for_staff_only(client):
    assert call(client, "GET", "/statistical/goods_day_views/")[0] == 401
    status, body = call(client, "GET", "/statistical/goods_day_views/", token=make_user()["token"])
    assert (status, body["code"]) == (403, "4103")
