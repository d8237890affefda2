"""Areas: provinces and subdivisions from the table, cached under the seed's keys."""

from __future__ import annotations

import json

import pytest

from tests.factories import call

pytestmark = pytest.mark.usefixtures("services")


def test_provinces_are_listed_and_cached(client, redis_client):
    redis_client.delete("province_list")
    status, body = call(client, "GET", "/areas/")
    assert status == 200
    assert {"id": 440000, "name": "广东省"} in body["province_list"] and len(body["province_list"]) == 34
    assert json.loads(redis_client.get("province_list")) == body["province_list"]


def test_cached_value_is_served_without_the_table(client, redis_client):
    redis_client.set("sub_area_440100", json.dumps({"id": 440100, "name": "cached", "subs": []}))
    body = call(client, "GET", "/areas/?area_id=440100")[1]
    redis_client.delete("sub_area_440100")
    assert body["sub_data"]["name"] == "cached"


def test_sub_areas_of_a_city(client):
    status, body = call(client, "GET", "/areas/?area_id=440100")
    assert status == 200
    assert body["sub_data"]["name"] == "广州市"
    assert {"id": 440106, "name": "天河区"} in body["sub_data"]["subs"]


@pytest.mark.parametrize(("query", "status"), [("area_id=1", 404), ("area_id=abc", 400), ("area_id=-5", 400)])
def test_unknown_or_malformed_area_ids(client, query, status):
    assert call(client, "GET", f"/areas/?{query}")[0] == status


def test_the_path_form_answers_as_the_query_form(client):
    status, by_path = call(client, "GET", "/areas/440100/")
    assert status == 200 and by_path == call(client, "GET", "/areas/?area_id=440100")[1]
    assert by_path["subs"] == by_path["sub_data"]["subs"] and (by_path["id"], by_path["name"]) == (440100, "广州市")
    assert call(client, "GET", "/areas/1/")[0] == 404
    assert call(client, "GET", "/areas/abc/")[0] == 400
