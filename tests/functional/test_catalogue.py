"""Catalogue: the seed's category shape (cached), SKU list pages and orderings, detail, staff upkeep."""

from __future__ import annotations

import pytest

from chalicelib.catalogue.categories import CACHE_KEY
from devstack import catalogue_data
from devstack.demo import load_catalogue
from tests.counting import count_dynamodb
from tests.factories import call, make_categories, make_skus, make_user

pytestmark = pytest.mark.usefixtures("services")


def test_categories_follow_the_seed_shape(client):
    load_catalogue()
    status, body = call(client, "GET", "/categories/")
    assert status == 200, body
    groups = body["categories"]
    assert {"1", "2", "3"} <= set(groups)
    phones = groups["1"]
    assert phones["channels"][:2] == [
        {"id": 1, "name": "手机", "url": "http://shouji.jd.com/"},
        {"id": 2, "name": "相机", "url": "http://www.itcast.cn/"},
    ]
    assert phones["sub_cats"][0] == {
        "id": 38,
        "name": "手机通讯",
        "sub_cats": [{"id": 115, "name": "手机"}, {"id": 116, "name": "游戏手机"}],
    }
    # Every channel's second-level categories sit in its group, after the previous channel's.
    assert [c["id"] for c in phones["sub_cats"]] == [38, 39, 40]


def test_demo_catalogue_loads_twice_to_the_same_items(client):
    first = load_catalogue()
    detail = call(client, "GET", "/skus/1/")[1]["sku"]
    assert load_catalogue() == first and first["skus"] >= 50
    assert len([c for c in catalogue_data.categories() if c.level == 3]) >= 10
    assert call(client, "GET", "/skus/1/")[1]["sku"] == detail
    assert detail["price"] == "6499.00" and detail["category_id"] == 115 and detail["stock"] == 80


def test_categories_are_served_from_the_cache_until_a_write(client, redis_client):
    call(client, "GET", "/categories/")
    with count_dynamodb() as dynamodb:
        assert call(client, "GET", "/categories/")[0] == 200
    assert dynamodb.operations == [] and redis_client.exists(CACHE_KEY)
    # When a new channel is written, the next read shows it although the cached tree had not expired
    chain = make_categories(group_id=77)
    fresh = call(client, "GET", "/categories/")[1]["categories"]
    assert chain["cat1"] in [c["id"] for c in fresh["77"]["channels"]]


def _list(client, category_id, **query):
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return call(client, "GET", f"/list/{category_id}/skus/?{qs}")


def test_list_orders_by_newest_price_or_sales(client):
    chain = make_categories()
    old, new, mid = make_skus(
        chain["cat3"],
        {"price": "10.50", "sales": 5, "age_hours": 30},
        {"price": "30.00", "sales": 1, "age_hours": 1},
        {"price": "20", "sales": 9, "age_hours": 10},
    )
    assert _ids(client, chain["cat3"]) == [new, mid, old]
    assert _ids(client, chain["cat3"], ordering="-create_time") == [new, mid, old]
    assert _ids(client, chain["cat3"], ordering="price") == [old, mid, new]
    assert _ids(client, chain["cat3"], ordering="-sales") == [mid, old, new]
    item = _list(client, chain["cat3"], ordering="price")[1]["list"][1]
    assert item == {
        "id": mid,
        "name": f"商品{mid}",
        "price": "20.00",
        "default_image_url": f"https://images.example.com/skus/{mid}.jpg",
        "sales": 9,
        "comments": 0,
    }


def _ids(client, category_id, **query):
    status, body = _list(client, category_id, **query)
    assert status == 200, body
    return [s["id"] for s in body["list"]]


def test_list_pages_count_pages_and_carry_the_breadcrumb(client):
    chain = make_categories()
    skus = make_skus(chain["cat3"], *({"age_hours": hours} for hours in range(5)))
    status, body = _list(client, chain["cat3"], page=1, page_size=2)
    assert status == 200 and body["count"] == 3
    assert body["breadcrumb"] == dict(zip(("cat1", "cat2", "cat3"), chain["names"], strict=True))
    pages = [_ids(client, chain["cat3"], page=page, page_size=2) for page in (1, 2, 3)]
    assert pages == [skus[0:2], skus[2:4], skus[4:5]]
    status, body = _list(client, chain["cat3"], page=4, page_size=2)
    assert (status, body["code"]) == (404, "4404")


def test_an_empty_category_has_one_empty_page(client):
    chain = make_categories()
    status, body = _list(client, chain["cat3"])
    assert (status, body["count"], body["list"]) == (200, 1, [])


def test_list_of_unknown_or_upper_level_category_is_404(client):
    chain = make_categories()
    for category_id in (chain["cat1"], chain["cat2"], 987654321):
        status, body = _list(client, category_id)
        assert (status, body["code"]) == (404, "4404"), category_id


@pytest.mark.parametrize(
    ("query", "field"),
    [({"page_size": 51}, "page_size"), ({"page": 0}, "page"), ({"ordering": "name"}, "ordering")],
)
def test_bad_list_parameters_are_named(client, query, field):
    chain = make_categories()
    status, body = _list(client, chain["cat3"], **query)
    assert status == 400 and field in {e["field"] for e in body["errors"]}


def test_sku_detail(client):
    chain = make_categories()
    (sku_id,) = make_skus(chain["cat3"], {"price": "3388", "stock": 7, "sales": 2})
    status, body = call(client, "GET", f"/skus/{sku_id}/")
    assert status == 200
    assert body["sku"] == {
        "id": sku_id,
        "name": f"商品{sku_id}",
        "caption": f"说明{sku_id}",
        "price": "3388.00",
        "stock": 7,
        "sales": 2,
        "category_id": chain["cat3"],
        "spu_id": body["sku"]["spu_id"],
        "default_image_url": f"https://images.example.com/skus/{sku_id}.jpg",
    }
    assert call(client, "GET", "/skus/987654321/")[0] == 404
    status, body = call(client, "GET", "/skus/abc/")
    assert status == 400 and body["errors"][0]["field"] == "sku_id"


def test_staff_sets_stock_and_price(client):
    chain = make_categories()
    (sku_id,) = make_skus(chain["cat3"], {"price": "10.00", "stock": 1})
    staff = make_user(is_staff=True)
    status, body = call(client, "PUT", f"/admin/skus/{sku_id}/", {"stock": 0, "price": "12.5"}, token=staff["token"])
    assert status == 200, body
    assert (body["sku"]["stock"], body["sku"]["price"]) == (0, "12.50")
    status, body = call(client, "PUT", f"/admin/skus/{sku_id}/", {"price": 99}, token=staff["token"])
    assert (body["sku"]["stock"], body["sku"]["price"]) == (0, "99.00")
    assert call(client, "GET", f"/skus/{sku_id}/")[1]["sku"]["price"] == "99.00"
    status, body = call(client, "PUT", "/admin/skus/987654321/", {"stock": 1}, token=staff["token"])
    assert (status, body["code"]) == (404, "4404")


def test_only_staff_may_change_a_sku(client):
    chain = make_categories()
    (sku_id,) = make_skus(chain["cat3"], {"stock": 5})
    user = make_user()
    assert call(client, "PUT", f"/admin/skus/{sku_id}/", {"stock": 0})[0] == 401
    status, body = call(client, "PUT", f"/admin/skus/{sku_id}/", {"stock": 0}, token=user["token"])
    assert (status, body["code"]) == (403, "4103")
    assert call(client, "GET", f"/skus/{sku_id}/")[1]["sku"]["stock"] == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stock": -1}, "stock"),
        ({"stock": "5 units"}, "stock"),
        ({"stock": 1.5}, "stock"),
        ({"price": "0"}, "price"),
        ({"price": "-3"}, "price"),
        ({"price": "1.234"}, "price"),
        ({"price": "NaN"}, "price"),
        ({"price": True}, "price"),
        ({}, "body"),
    ],
)
def test_bad_sku_changes_are_named(client, body, field):
    chain = make_categories()
    (sku_id,) = make_skus(chain["cat3"], {"stock": 5, "price": "8.00"})
    staff = make_user(is_staff=True)
    status, answer = call(client, "PUT", f"/admin/skus/{sku_id}/", body, token=staff["token"])
    assert status == 400 and field in {e["field"] for e in answer["errors"]}, answer
    assert call(client, "GET", f"/skus/{sku_id}/")[1]["sku"]["price"] == "8.00"
