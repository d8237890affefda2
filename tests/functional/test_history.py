"""Browsing history: logged-in only, five distinct SKUs newest first, one Redis round trip per change."""

from __future__ import annotations

import pytest

from tests.counting import count_dynamodb, count_redis
from tests.factories import call, make_categories, make_skus, make_user

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture
def seven_skus() -> list[int]:
    """Seven SKUs priced 1.00 to 7.00."""
    cat3 = make_categories()["cat3"]
    return make_skus(cat3, *({"price": f"{n}.00"} for n in range(1, 8)))


def _view(client, token, sku_id):
    return call(client, "POST", "/browse_histories/", {"sku_id": sku_id}, token=token)


def _history(client, token) -> list[int]:
    status, body = call(client, "GET", "/browse_histories/", token=token)
    assert status == 200, body
    return [s["id"] for s in body["skus"]]


def test_history_keeps_five_distinct_skus_newest_first(client, seven_skus):
    user = make_user()
    for sku_id in seven_skus:
        _view(client, user["token"], sku_id)
    status, body = _view(client, user["token"], seven_skus[3])
    newest_first = [seven_skus[i] for i in (3, 6, 5, 4, 2)]
    assert status == 200 and [s["id"] for s in body["skus"]] == newest_first
    assert _history(client, user["token"]) == newest_first


def test_history_shows_name_price_image_and_comments(client):
    (sku_id,) = make_skus(make_categories()["cat3"], {"price": "2.00", "comments": 17})
    user = make_user()
    _view(client, user["token"], sku_id)
    body = call(client, "GET", "/browse_histories/", token=user["token"])[1]
    expected = {"id": sku_id, "name": f"商品{sku_id}", "price": "2.00", "comments": 17}
    assert body["skus"] == [{**expected, "default_image_url": f"https://images.example.com/skus/{sku_id}.jpg"}]


def test_each_user_has_their_own_history(client, seven_skus):
    alice, bob = make_user(), make_user()
    _view(client, alice["token"], seven_skus[0])
    assert _history(client, bob["token"]) == []
    assert _history(client, alice["token"]) == [seven_skus[0]]


def test_recording_a_view_is_one_redis_round_trip(client, seven_skus):
    user = make_user()
    _view(client, user["token"], seven_skus[0])
    with count_redis() as trips:
        assert _view(client, user["token"], seven_skus[1])[0] == 200
    assert trips.round_trips == [["LREM", "LPUSH", "LTRIM", "LRANGE"]]
    with count_redis() as trips, count_dynamodb() as dynamodb:
        assert _history(client, user["token"]) == [seven_skus[1], seven_skus[0]]
    assert trips.round_trips == [["LRANGE"]] and dynamodb.operations == ["BatchGetItem"]


def test_an_unknown_sku_is_404_and_not_recorded(client, seven_skus):
    user = make_user()
    _view(client, user["token"], seven_skus[0])
    status, body = _view(client, user["token"], 987654321)
    assert (status, body["code"]) == (404, "4404")
    assert _history(client, user["token"]) == [seven_skus[0]]


@pytest.mark.parametrize("sku_id", ["1.5", "x", 0, None, 1.5])
def test_bad_sku_ids_are_400(client, sku_id):
    status, body = _view(client, make_user()["token"], sku_id)
    assert status == 400 and body["errors"][0]["field"] == "sku_id"


def test_an_id_taken_from_the_url_as_text_is_read_as_the_number(client, seven_skus):
    # The detail page posts {sku_id: "9"}, the digits it read from its own URL.
    user = make_user()
    status, _ = _view(client, user["token"], str(seven_skus[0]))
    assert status == 200 and _history(client, user["token"]) == [seven_skus[0]]


def test_history_needs_login(client, seven_skus):
    status, body = call(client, "POST", "/browse_histories/", {"sku_id": seven_skus[0]})
    assert (status, body["code"]) == (401, "4101")
    assert call(client, "GET", "/browse_histories/")[0] == 401
