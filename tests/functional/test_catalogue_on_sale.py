"""A SKU staff took off sale (is_launched False) leaves the category list and best-seller pages, at no extra request."""

from __future__ import annotations

import pytest

from chalicelib.catalogue import service as catalogue
from chalicelib.catalogue.category_repository import CategoryModel
from chalicelib.catalogue.repository import SkuModel
from tests.counting import count_dynamodb
from tests.factories import call, make_categories, make_skus, make_user

pytestmark = pytest.mark.usefixtures("services")


def _listed(client, category_id: int) -> list[int]:
    status, body = call(client, "GET", f"/list/{category_id}/skus/?page=1&page_size=10")
    assert status == 200, body
    return [s["id"] for s in body["list"]]


def _hot(client, category_id: int) -> list[int]:
    status, body = call(client, "GET", f"/hot/{category_id}/")
    assert status == 200, body
    return [s["id"] for s in body["hot_skus"]]


def _launch(client, token: str, sku_id: int, launched: bool, **more: object) -> dict:
    status, body = call(client, "PUT", f"/admin/skus/{sku_id}/", {"is_launched": launched, **more}, token=token)
    assert status == 200, body
    return dict(body["sku"])


def test_an_off_sale_sku_leaves_the_list_and_hot_pages_until_it_is_launched_again(client):
    # Given three SKUs, best sellers first, and both pages already read (the category tree cached)
    chain = make_categories()
    best, second, third = make_skus(chain["cat3"], {"sales": 9}, {"sales": 5, "age_hours": 1}, {"sales": 1})
    assert (set(_listed(client, chain["cat3"])), _hot(client, chain["cat3"])) == ({best, second, third}, [best, second])
    staff = make_user(is_staff=True)["token"]

    # When staff take the best seller off sale
    answer = _launch(client, staff, best, False, stock=3)

    # Then neither page shows it, its detail page still answers, and the change itself was applied as asked
    assert answer["stock"] == 3
    assert (_listed(client, chain["cat3"]), _hot(client, chain["cat3"])) == ([third, second], [second, third])
    assert call(client, "GET", f"/skus/{best}/")[0] == 200

    # And when it is launched again, both pages show it as before
    _launch(client, staff, best, True)
    assert (set(_listed(client, chain["cat3"])), _hot(client, chain["cat3"])) == ({best, second, third}, [best, second])


def test_the_off_sale_set_lives_on_the_category_and_pages_still_cost_one_query(client):
    chain = make_categories()
    on_sale, off_sale = make_skus(chain["cat3"], {"sales": 2}, {"sales": 3})
    staff = make_user(is_staff=True)["token"]
    _launch(client, staff, off_sale, False)
    assert CategoryModel.get(chain["cat3"], consistent_read=True).off_sale == {off_sale}
    _listed(client, chain["cat3"])  # fills the category tree's cache, as any catalogue page does

    with count_dynamodb() as dynamodb:
        assert _listed(client, chain["cat3"]) == [on_sale] and _hot(client, chain["cat3"]) == [on_sale]
    assert dynamodb.operations == ["Query", "Query"]

    _launch(client, staff, off_sale, True)
    assert not CategoryModel.get(chain["cat3"], consistent_read=True).off_sale


def test_a_page_of_an_off_sale_sku_counts_only_the_skus_on_sale(client):
    chain = make_categories()
    skus = make_skus(chain["cat3"], *({"age_hours": n} for n in range(3)))
    _launch(client, make_user(is_staff=True)["token"], skus[0], False)
    status, body = call(client, "GET", f"/list/{chain['cat3']}/skus/?page=1&page_size=2")
    assert (status, body["count"], [s["id"] for s in body["list"]]) == (200, 1, skus[1:])


def test_rebuilding_the_off_sale_sets_hides_skus_taken_off_sale_before_the_categories_held_them(client, redis_client):
    # Given a SKU stored off sale with no category knowing it (as before the upgrade), and a stale entry elsewhere
    hidden_before, stale = make_categories(), make_categories()
    old_off_sale, on_sale = make_skus(hidden_before["cat3"], {"sales": 1}, {"sales": 2})
    SkuModel(old_off_sale).update(actions=[SkuModel.is_launched.set(False)])
    CategoryModel(stale["cat3"]).update(actions=[CategoryModel.off_sale.add({424242})])
    assert old_off_sale in _listed(client, hidden_before["cat3"])

    # When the sets are rebuilt from the SKUs
    assert catalogue.rebuild_off_sale(redis_client) >= 2

    # Then the list leaves the SKU out, and the stale entry is gone
    assert _listed(client, hidden_before["cat3"]) == [on_sale]
    assert CategoryModel.get(hidden_before["cat3"], consistent_read=True).off_sale == {old_off_sale}
    assert not CategoryModel.get(stale["cat3"], consistent_read=True).off_sale
