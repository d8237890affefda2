"""Banner use cases on an in-memory table and cache: writes drop the cached list, a Redis outage fails no write."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from chalicelib.banners import service
from chalicelib.banners.models import Banner, BannerRequest
from chalicelib.core.errors import NotFound
from tests.unit.cache_fakes import DictRedis, DownRedis, as_redis


@dataclass
class FakeBanners:
    """Banners in a dictionary, ids from a counter."""

    rows: dict[int, Banner] = field(default_factory=dict)

    def list_banners(self, shown_only: bool) -> list[Banner]:
        found = [b for b in self.rows.values() if b.is_show or not shown_only]
        return sorted(found, key=lambda b: (b.orders, b.banner_id))

    def create(self, values: dict[str, Any]) -> Banner:
        banner = Banner(len(self.rows) + 1, **values)
        self.rows[banner.banner_id] = banner
        return banner

    def replace(self, banner_id: int, values: dict[str, Any]) -> Banner:
        if banner_id not in self.rows:
            raise NotFound("banner not found")
        self.rows[banner_id] = self.rows[banner_id]._replace(**values)
        return self.rows[banner_id]

    def delete(self, banner_id: int) -> None:
        if self.rows.pop(banner_id, None) is None:
            raise NotFound("banner not found")


def _request(title: str, orders: int = 0, is_show: bool = True) -> BannerRequest:
    return BannerRequest(title=title, image="media/banner/a.png", link="/x", orders=orders, is_show=is_show)


def test_a_new_banner_is_shown_at_once_although_the_list_was_cached():
    banners, cache = FakeBanners(), DictRedis()
    assert service.banner_list(as_redis(cache), banners) == []
    service.create(as_redis(cache), _request("new"), banners)
    assert [b["title"] for b in service.banner_list(as_redis(cache), banners)] == ["new"]


def test_hidden_banners_are_listed_for_staff_only_and_shown_ones_by_their_order():
    banners, cache = FakeBanners(), DictRedis()
    for request in (_request("second", orders=2), _request("hidden", is_show=False), _request("first", orders=1)):
        service.create(as_redis(cache), request, banners)
    assert [b["title"] for b in service.banner_list(as_redis(cache), banners)] == ["first", "second"]
    assert {b["title"]: b["is_show"] for b in service.all_banners(banners)}["hidden"] is False


def test_a_write_succeeds_while_redis_is_down():
    banners = FakeBanners()
    created = service.create(as_redis(DownRedis()), _request("kept"), banners)
    service.update(as_redis(DownRedis()), created["id"], _request("renamed"), banners)
    assert banners.rows[created["id"]].title == "renamed"


def test_the_scheduled_refresh_rewrites_the_cache_with_an_expiry():
    banners, cache = FakeBanners(), DictRedis()
    service.create(as_redis(cache), _request("a"), banners)
    cache.set(service.CACHE_KEY, "[]")  # a stale list, as a reader racing a write may leave
    assert service.refresh_banner_cache(as_redis(cache), banners) == 1
    assert '"a"' in cache.values[service.CACHE_KEY] and (cache.expiry[service.CACHE_KEY] or 0) > 0


def test_updating_or_deleting_an_unknown_banner_is_not_found():
    banners = FakeBanners()
    with pytest.raises(NotFound):
        service.update(as_redis(DictRedis()), 9, _request("x"), banners)
    with pytest.raises(NotFound):
        service.delete(as_redis(DictRedis()), 9, banners)
