"""The list and detail pages' sidebar: GET /hot/{category_id}/, a category's two best sellers, read as the list is."""

from __future__ import annotations

import pytest

from tests.counting import count_dynamodb
from tests.factories import call, fill_cart, make_address, make_categories, make_skus, make_user

pytestmark = pytest.mark.usefixtures("services")


def _hot(client, category_id):
    return call(client, "GET", f"/hot/{category_id}/")


def test_hot_skus_are_the_two_best_sellers_ties_going_to_the_lower_id(client):
    # Given four SKUs: the best seller sold out, two tied behind it (the lower id the older), one selling little
    chain = make_categories()
    best, tied_old, tied_new, slow = make_skus(
        chain["cat3"],
        {"sales": 20, "stock": 0, "price": "5"},
        {"sales": 9, "age_hours": 5},
        {"sales": 9, "age_hours": 1},
        {"sales": 1},
    )
    assert tied_old < tied_new

    # When the sidebar asks for the category's hot SKUs
    status, body = _hot(client, chain["cat3"])

    # Then the two best by sales, the tie to the lower id (not the index's newest first), in the seed's four fields
    assert (status, body["code"], body["errmsg"]) == (200, "0", "OK")
    assert [s["id"] for s in body["hot_skus"]] == [best, tied_old]
    assert body["hot_skus"][0] == {
        "id": best,
        "name": f"商品{best}",
        "price": "5.00",
        "default_image_url": f"https://images.example.com/skus/{best}.jpg",
    }
    assert slow not in {s["id"] for s in body["hot_skus"]}


def test_hot_skus_follow_the_sales_checkout_writes(client):
    chain = make_categories()
    first, second, third = make_skus(chain["cat3"], {"sales": 5}, {"sales": 4}, {"sales": 3, "stock": 10})
    assert [s["id"] for s in _hot(client, chain["cat3"])[1]["hot_skus"]] == [first, second]
    buyer = make_user()
    fill_cart(buyer["id"], {third: 3})
    order = {"address_id": make_address(buyer["id"]), "pay_method": 1}
    assert call(client, "POST", "/orders/commit/", order, token=buyer["token"])[0] == 200
    assert [s["id"] for s in _hot(client, chain["cat3"])[1]["hot_skus"]] == [third, first]


def test_hot_skus_of_an_unknown_or_upper_level_category_are_404_and_of_an_empty_one_none(client):
    chain = make_categories()
    for category_id in (chain["cat1"], chain["cat2"], 987654321):
        status, body = _hot(client, category_id)
        assert (status, body["code"]) == (404, "4404"), category_id
    assert _hot(client, chain["cat3"]) == (200, {"code": "0", "errmsg": "OK", "hot_skus": []})
    status, body = _hot(client, "abc")
    assert status == 400 and body["errors"][0]["field"] == "category_id"


def test_hot_skus_cost_one_index_query_with_the_category_tree_cached(client):
    chain = make_categories()
    make_skus(chain["cat3"], *({"sales": n} for n in range(5)))
    _hot(client, chain["cat3"])  # fills the category tree's cache, as any catalogue page does
    with count_dynamodb() as dynamodb:
        assert _hot(client, chain["cat3"])[0] == 200
    assert dynamodb.operations == ["Query"]
