"""renran's navigation: GET /nav/header/ and /nav/footer/ answer bare lists of two-level links from the cache,
staff alone write them (validated links, a parent of the same place), errors stay envelopes."""

from __future__ import annotations

import json
import uuid

import pytest

from chalicelib.navigation.service import CACHE_KEY
from tests.factories import call, make_user

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture(scope="module")
def staff(services):
    return make_user(is_staff=True)["token"]


def _name() -> str:
    return f"n{uuid.uuid4().hex[:10]}"


def _create(client, token: str, **fields) -> dict:
    body = {"place": "header", "name": _name(), "link": "/somewhere", **fields}
    status, answer = call(client, "POST", "/admin/nav/", body, token)
    assert status == 201, answer
    return dict(answer["nav"])


def _listed(client, place: str = "header") -> list[dict]:
    status, body = call(client, "GET", f"/nav/{place}/")
    assert status == 200 and isinstance(body, list), body  # the bare list the page reads as response.data
    return body


def _by_name(client, place: str, name: str) -> dict | None:
    return next((n for n in _listed(client, place) if n["name"] == name), None)


def test_a_link_and_its_sub_links_are_read_in_the_seeds_shape(client, staff):
    # Given a top-level link with two sub-links (one hidden), and one link in the footer
    top = _create(client, staff, icon="media/nav/x.png", orders=1)
    later = _create(client, staff, parent_id=top["id"], link="/b", orders=2)
    first = _create(client, staff, parent_id=top["id"], link="/a", orders=1)
    _create(client, staff, parent_id=top["id"], is_show=False)
    footer = _create(client, staff, place="footer")
    # When the home page reads the header
    shown = _by_name(client, "header", top["name"])
    # Then the link carries the seed's fields, its icon as a URL, its shown sub-links by orders
    assert shown is not None and set(shown) == {"name", "link", "is_http", "icon", "son_list"}
    assert (shown["link"], shown["is_http"]) == ("/somewhere", False)
    assert shown["icon"].startswith("http") and shown["icon"].endswith("/media/nav/x.png")
    assert [s["name"] for s in shown["son_list"]] == [first["name"], later["name"]]
    assert set(shown["son_list"][0]) == {"name", "link", "is_http", "icon"}
    # And sub-links are never top-level; the footer's link is only in the footer
    names = {n["name"] for n in _listed(client)}
    assert first["name"] not in names and footer["name"] not in names
    assert _by_name(client, "footer", footer["name"]) is not None


def test_a_staff_write_shows_at_once_and_a_hidden_link_hides_its_sub_links(client, staff, redis_client):
    top = _create(client, staff)
    child = _create(client, staff, parent_id=top["id"])
    assert _by_name(client, "header", top["name"]) is not None and redis_client.exists(CACHE_KEY)
    body = {"place": "header", "name": top["name"], "link": "/elsewhere", "is_show": False}
    status, answer = call(client, "PUT", f"/admin/nav/{top['id']}/", body, staff)
    assert (status, answer["nav"]["is_show"]) == (200, False)
    assert _by_name(client, "header", top["name"]) is None
    assert child["name"] not in json.dumps(_listed(client))


def test_an_https_link_to_an_allowed_host_is_http_and_other_links_are_refused(client, staff, settings):
    settings.banner_link_hosts = "www.renran.cn"
    shown = _create(client, staff, link="https://www.renran.cn/apps")
    assert _by_name(client, "header", shown["name"])["is_http"] is True  # type: ignore[index]
    for link in ("javascript:alert(1)", "//evil.example/x", "https://evil.example/", "http://www.renran.cn/"):
        status, body = call(client, "POST", "/admin/nav/", {"place": "header", "name": "x", "link": link}, staff)
        assert (status, [e["field"] for e in body["errors"]]) == (400, ["link"]), link


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"place": "sidebar", "name": "x"}, "place"),
        ({"place": "header", "name": ""}, "name"),
        ({"place": "header", "name": "x", "icon": "javascript:x"}, "icon"),
        ({"place": "header", "name": "x", "orders": -1}, "orders"),
        ({"place": "header", "name": "x", "parent_id": 999_999_999_999}, "parent_id"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, staff, body, field):
    status, answer = call(client, "POST", "/admin/nav/", body, staff)
    assert (status, answer["code"], [e["field"] for e in answer["errors"]]) == (400, "4003", [field])


def test_links_stay_two_levels_deep_within_one_place(client, staff):
    top, other = _create(client, staff), _create(client, staff)
    child = _create(client, staff, parent_id=top["id"])
    footer = _create(client, staff, place="footer")
    refused = [
        {"parent_id": child["id"]},  # under a sub-link
        {"parent_id": footer["id"]},  # under a link of the other place
    ]
    for extra in refused:
        status, body = call(client, "POST", "/admin/nav/", {"place": "header", "name": "x", **extra}, staff)
        assert (status, [e["field"] for e in body["errors"]]) == (400, ["parent_id"]), extra
    # A link with sub-links becomes no sub-link itself, nor its own parent, nor moves to the other place
    for body in (
        {"place": "header", "name": "t", "parent_id": other["id"]},
        {"place": "header", "name": "t", "parent_id": top["id"]},
    ):
        status, answer = call(client, "PUT", f"/admin/nav/{top['id']}/", body, staff)
        assert (status, [e["field"] for e in answer["errors"]]) == (400, ["parent_id"]), body
    status, answer = call(client, "PUT", f"/admin/nav/{top['id']}/", {"place": "footer", "name": "t"}, staff)
    assert (status, answer["code"]) == (409, "4409")


def test_a_link_with_sub_links_is_deleted_only_after_them(client, staff):
    top = _create(client, staff)
    child = _create(client, staff, parent_id=top["id"])
    assert call(client, "DELETE", f"/admin/nav/{top['id']}/", token=staff)[0] == 409
    assert call(client, "DELETE", f"/admin/nav/{child['id']}/", token=staff)[0] == 200
    assert call(client, "DELETE", f"/admin/nav/{top['id']}/", token=staff)[0] == 200
    assert call(client, "DELETE", f"/admin/nav/{top['id']}/", token=staff)[0] == 404
    body = {"place": "header", "name": "x"}
    assert call(client, "PUT", f"/admin/nav/{top['id']}/", body, staff)[0] == 404
    assert _by_name(client, "header", top["name"]) is None


def test_only_staff_write_or_list_links_and_errors_are_envelopes(client):
    user = make_user()["token"]
    body = {"place": "header", "name": "x"}
    for method, path in [("GET", "/admin/nav/"), ("POST", "/admin/nav/"), ("PUT", "/admin/nav/1/")]:
        status, answer = call(client, method, path, body, user)
        assert (status, answer["code"]) == (403, "4103"), path
        status, answer = call(client, method, path, body)
        assert (status, answer["code"]) == (401, "4101"), path
    status, answer = call(client, "DELETE", "/admin/nav/1/", token=user)
    assert (status, answer["code"]) == (403, "4103")


def test_staff_see_hidden_links_as_they_wrote_them(client, staff):
    hidden = _create(client, staff, is_show=False, icon="media/nav/h.png")
    status, body = call(client, "GET", "/admin/nav/", token=staff)
    mine = next(n for n in body["navs"] if n["id"] == hidden["id"])
    assert status == 200 and (mine["is_show"], mine["icon"], mine["place"]) == (False, "media/nav/h.png", "header")


def test_a_cached_tree_is_served_without_the_table(client, redis_client):
    sentinel = {"header": [{"name": "from cache", "link": "/", "is_http": False, "icon": "", "son_list": []}]}
    redis_client.set(CACHE_KEY, json.dumps({**sentinel, "footer": []}))
    try:
        assert _listed(client) == sentinel["header"] and _listed(client, "footer") == []
    finally:
        redis_client.delete(CACHE_KEY)
