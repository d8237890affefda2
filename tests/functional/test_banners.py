"""Home banners: cache-aside under the seed's key, delete on write, timed refresh, and Redis down."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from chalicelib.banners.service import CACHE_KEY, refresh_banner_cache
from chalicelib.core.clients import reset_clients
from tests.factories import call, make_user

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture(scope="module")
def staff(services):
    return make_user(is_staff=True)["token"]


def _banner(**overrides):
    body = {"title": "Python全栈", "image": "media/banner/b.png", "link": "/actual-course", "orders": 5}
    return {**body, "is_show": True, **overrides}


def _create(client, token, **overrides):
    status, body = call(client, "POST", "/admin/banners/", _banner(**overrides), token=token)
    assert status == 201, body
    return body["banner"]


def _listed(client):
    status, body = call(client, "GET", "/home/banner/")
    assert status == 200, body
    return body["result"]


@contextmanager
def _redis_stopped(settings) -> Iterator[None]:
    # Point the app at a port nothing listens on: every Redis call fails as with a stopped server.
    saved = settings.redis_url
    settings.redis_url = "redis://127.0.0.1:1/0"
    reset_clients()
    try:
        yield
    finally:
        settings.redis_url = saved
        reset_clients()


def test_the_cached_list_is_served_without_the_table(client, redis_client, services):
    sentinel = [{"id": -1, "title": "from cache", "image": "x", "link": "", "orders": 0}]
    redis_client.set(CACHE_KEY, json.dumps(sentinel))
    try:
        assert _listed(client) == sentinel
    finally:
        redis_client.delete(CACHE_KEY)


def test_a_miss_reads_shown_banners_by_orders_and_fills_the_cache(client, redis_client, staff, settings):
    late = _create(client, staff, orders=9001, title="late")
    early = _create(client, staff, orders=9000, image="https://cdn.example.com/b.png", link="")
    hidden = _create(client, staff, orders=9000, is_show=False)
    redis_client.delete(CACHE_KEY)
    listed = _listed(client)
    ids = [b["id"] for b in listed]
    assert ids.index(early["id"]) < ids.index(late["id"]) and hidden["id"] not in ids
    assert [b["orders"] for b in listed] == sorted(b["orders"] for b in listed)
    shown = {b["id"]: b for b in listed}
    assert shown[late["id"]] == {
        "id": late["id"],
        "title": "late",
        "image": f"{settings.media_base()}/media/banner/b.png",  # a relative image is a key in the media bucket
        "link": "/actual-course",
        "orders": 9001,
    }
    assert shown[early["id"]]["image"] == "https://cdn.example.com/b.png"
    assert json.loads(redis_client.get(CACHE_KEY)) == listed


def test_each_staff_write_is_visible_on_the_next_get(client, staff):
    banner = _create(client, staff, title="before")
    assert banner["id"] in {b["id"] for b in _listed(client)}  # the list is now cached
    status, body = call(client, "PUT", f"/admin/banners/{banner['id']}/", _banner(title="after"), token=staff)
    assert status == 200 and body["banner"]["title"] == "after"
    assert {b["id"]: b["title"] for b in _listed(client)}[banner["id"]] == "after"
    call(client, "PUT", f"/admin/banners/{banner['id']}/", _banner(is_show=False), token=staff)
    assert banner["id"] not in {b["id"] for b in _listed(client)}
    call(client, "PUT", f"/admin/banners/{banner['id']}/", _banner(), token=staff)
    assert banner["id"] in {b["id"] for b in _listed(client)}
    assert call(client, "DELETE", f"/admin/banners/{banner['id']}/", token=staff)[0] == 200
    assert banner["id"] not in {b["id"] for b in _listed(client)}


def test_staff_list_includes_hidden_banners(client, staff):
    hidden = _create(client, staff, is_show=False)
    status, body = call(client, "GET", "/admin/banners/", token=staff)
    assert status == 200
    assert {**hidden, "is_show": False} in body["banners"]


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_unknown_banner_is_404(client, staff, method):
    status, body = call(client, method, "/admin/banners/987654321/", _banner(), token=staff)
    assert (status, body["code"]) == (404, "4404")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/admin/banners/"),
        ("POST", "/admin/banners/"),
        ("PUT", "/admin/banners/1/"),
        ("DELETE", "/admin/banners/1/"),
    ],
)
def test_staff_routes_are_401_anonymous_and_403_for_other_users(client, services, method, path):
    assert call(client, method, path, _banner())[0] == 401
    assert call(client, method, path, _banner(), token=make_user()["token"])[0] == 403


def test_bad_input_is_400_naming_each_field(client, staff):
    bad = _banner(title="", image="javascript:alert(1)", link="x" * 501, orders=10001, is_show="yes")
    status, body = call(client, "POST", "/admin/banners/", bad, token=staff)
    assert (status, body["code"]) == (400, "4003")
    assert {e["field"] for e in body["errors"]} == {"title", "image", "link", "orders", "is_show"}
    status, body = call(client, "PUT", "/admin/banners/abc/", _banner(), token=staff)
    assert status == 400 and body["errors"][0]["field"] == "banner_id"


def test_with_redis_stopped_the_list_comes_from_the_table_and_writes_succeed(client, staff, settings):
    banner = _create(client, staff, title="redis-down")
    with _redis_stopped(settings):
        assert banner["id"] in {b["id"] for b in _listed(client)}
        status, body = call(client, "PUT", f"/admin/banners/{banner['id']}/", _banner(title="edited"), token=staff)
        assert status == 200, body
        assert {b["id"]: b["title"] for b in _listed(client)}[banner["id"]] == "edited"


def test_refresh_repairs_a_cache_the_failed_invalidation_left_stale(client, redis_client, staff, settings):
    # Given a cached list, then an edit made while Redis was down (so the key could not be deleted)
    banner = _create(client, staff, title="old title")
    assert _listed(client)
    with _redis_stopped(settings):
        call(client, "PUT", f"/admin/banners/{banner['id']}/", _banner(title="new title"), token=staff)
    assert {b["id"]: b["title"] for b in _listed(client)}[banner["id"]] == "old title"
    # When the scheduled refresh runs, then the next GET is fresh
    assert refresh_banner_cache() == len(json.loads(redis_client.get(CACHE_KEY)))
    assert {b["id"]: b["title"] for b in _listed(client)}[banner["id"]] == "new title"
    assert redis_client.ttl(CACHE_KEY) > 0


def test_a_banner_from_the_staff_list_put_back_unchanged_is_accepted(client, staff):
    banner = _create(client, staff, link="/free-course")
    listed = next(
        b for b in call(client, "GET", "/admin/banners/", token=staff)[1]["banners"] if b["id"] == banner["id"]
    )
    status, body = call(client, "PUT", f"/admin/banners/{banner['id']}/", listed, token=staff)
    assert (status, body["banner"]) == (200, listed)


def test_renrans_home_banner_marks_the_links_that_leave_the_site(client, redis_client, staff, settings, monkeypatch):
    # Given a banner linking inside the site and one linking to an allowed outside host
    monkeypatch.setattr(settings, "banner_link_hosts", "www.renran.cn")
    inside = _create(client, staff, orders=9100, link="/article/1/")
    outside = _create(client, staff, orders=9101, link="https://www.renran.cn/p/1")
    redis_client.delete(CACHE_KEY)
    # When renran's home page asks for them
    # Then they are the shown banners of /home/banner/, each with is_http, as the bare list DRF answered
    response = client.http.get("/banner/")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    body = json.loads(response.body)
    assert isinstance(body, list), body
    listed = {b["id"]: b for b in body}
    assert listed[inside["id"]]["is_http"] is False and listed[outside["id"]]["is_http"] is True
    assert listed[outside["id"]]["image"] == f"{settings.media_base()}/media/banner/b.png"
    assert [{k: v for k, v in b.items() if k != "is_http"} for b in body] == _listed(client)


def test_a_bare_list_route_still_answers_errors_in_the_envelope(client, monkeypatch):
    # Given the banner cache and table both failing
    from chalicelib.banners import service

    def broken(_: object) -> list[dict[str, object]]:
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "renran_banners", broken)
    # When renran's page asks, then the error is the envelope, not a list
    response = client.http.get("/banner/")
    assert response.status_code == 500 and json.loads(response.body)["code"] == "5000"
