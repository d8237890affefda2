"""Addresses: area names from ids, limit, default, soft delete, and strictly owner-only."""

from __future__ import annotations

import pytest

from tests.factories import call, make_user

pytestmark = pytest.mark.usefixtures("services")

# 广东省 / 广州市 / 天河区 in GB/T 2260.
GUANGZHOU = {"province_id": 440000, "city_id": 440100, "district_id": 440106}


def _body(**overrides):
    body = {"receiver": "张三", **GUANGZHOU, "place": "体育西路 1 号", "mobile": "13800138000"}
    body.update(overrides)
    return body


def _create(client, token, **overrides):
    return call(client, "POST", "/addresses/create/", _body(**overrides), token=token)


def test_created_address_carries_area_names_and_becomes_default(client):
    user = make_user()
    status, body = _create(client, user["token"])
    assert status == 201, body
    address = body["address"]
    assert (address["province"], address["city"], address["district"]) == ("广东省", "广州市", "天河区")
    assert address["title"] == "张三"
    listing = call(client, "GET", "/addresses/", token=user["token"])[1]
    assert listing["default_address_id"] == address["id"] and listing["limit"] == 20
    assert [a["id"] for a in listing["addresses"]] == [address["id"]]


def test_area_ids_that_do_not_nest_are_rejected_naming_the_field(client):
    user = make_user()
    status, body = _create(client, user["token"], city_id=110100)
    assert status == 400 and body["errors"][0]["field"] == "city_id"
    status, body = _create(client, user["token"], district_id=999999)
    assert status == 400 and body["errors"][0]["field"] == "district_id"


def test_twenty_first_address_is_409(client):
    user = make_user()
    for _ in range(20):
        assert _create(client, user["token"])[0] == 201
    status, body = _create(client, user["token"])
    assert (status, body["code"]) == (409, "4409")
    assert len(call(client, "GET", "/addresses/", token=user["token"])[1]["addresses"]) == 20


def test_soft_delete_hides_the_address_and_frees_a_slot(client):
    user = make_user()
    first = _create(client, user["token"])[1]["address"]
    second = _create(client, user["token"])[1]["address"]
    assert call(client, "DELETE", f"/addresses/{first['id']}/", token=user["token"])[0] == 200
    listing = call(client, "GET", "/addresses/", token=user["token"])[1]
    assert [a["id"] for a in listing["addresses"]] == [second["id"]]
    assert listing["default_address_id"] is None
    assert call(client, "DELETE", f"/addresses/{first['id']}/", token=user["token"])[0] == 404


def test_update_default_and_title(client):
    user = make_user()
    _create(client, user["token"])
    second = _create(client, user["token"])[1]["address"]
    status, body = call(
        client, "PUT", f"/addresses/{second['id']}/", _body(receiver="李四", place="新地址"), token=user["token"]
    )
    assert status == 200 and body["address"]["receiver"] == "李四" and body["address"]["place"] == "新地址"
    assert call(client, "PUT", f"/addresses/{second['id']}/default/", token=user["token"])[0] == 200
    assert call(client, "GET", "/addresses/", token=user["token"])[1]["default_address_id"] == second["id"]
    status, body = call(client, "PUT", f"/addresses/{second['id']}/title/", {"title": "公司"}, token=user["token"])
    assert status == 200 and body["address"]["title"] == "公司"


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("PUT", "", _body()),
        ("DELETE", "", None),
        ("PUT", "default/", None),
        ("PUT", "title/", {"title": "mine now"}),
    ],
)
def test_another_users_address_is_404_and_untouched(client, method, suffix, body):
    owner, intruder = make_user(), make_user()
    address = _create(client, owner["token"])[1]["address"]
    status, answer = call(client, method, f"/addresses/{address['id']}/{suffix}", body, token=intruder["token"])
    assert (status, answer["code"]) == (404, "4404")
    assert "address" not in answer
    mine = call(client, "GET", "/addresses/", token=owner["token"])[1]["addresses"]
    assert mine == [address]
    assert call(client, "GET", "/addresses/", token=intruder["token"])[1]["addresses"] == []


@pytest.mark.parametrize("address_id", ["abc", "1%23x", "9" * 40])
def test_malformed_address_ids_are_400(client, address_id):
    user = make_user()
    status, body = call(client, "PUT", f"/addresses/{address_id}/default/", token=user["token"])
    assert status == 400 and body["errors"][0]["field"] == "address_id"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"receiver": ""}, "receiver"),
        ({"province_id": "440000.5"}, "province_id"),
        ({"mobile": "1"}, "mobile"),
        ({"place": "x" * 5000}, "place"),
        ({"email": "nope"}, "email"),
    ],
)
def test_bad_address_fields_are_named(client, overrides, field):
    user = make_user()
    status, body = _create(client, user["token"], **overrides)
    assert status == 400 and field in {e["field"] for e in body["errors"]}


def test_addresses_need_a_login(client):
    assert call(client, "GET", "/addresses/")[0] == 401
    assert call(client, "POST", "/addresses/create/", _body())[0] == 401


@pytest.mark.parametrize("extra", [{}, {"tel": "020-12345678", "email": "li@example.com", "title": "家"}])
def test_an_address_from_get_put_back_unchanged_is_accepted_and_unchanged(client, extra):
    # Given an address as GET /addresses/ shows it (names, id, and "" for an absent tel or email)
    user = make_user()
    created = _create(client, user["token"], **extra)[1]["address"]
    (listed,) = call(client, "GET", "/addresses/", token=user["token"])[1]["addresses"]

    # When the page PUTs it back as it got it
    status, body = call(client, "PUT", f"/addresses/{listed['id']}/", listed, token=user["token"])

    # Then it is accepted and nothing changed
    assert status == 200, body
    assert body["address"] == listed == created
    assert call(client, "GET", "/addresses/", token=user["token"])[1]["addresses"] == [listed]
