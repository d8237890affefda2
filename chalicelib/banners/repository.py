"""Banners in one partition (`group` = "banners"): the home page is one Query, never a Scan."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.banners.models import Banner
from chalicelib.core.errors import NotFound
from chalicelib.core.storage import next_id, table_meta, write_if

# A home page carries tens of banners at most, far below one partition's limits, so one key holds them all.
GROUP = "banners"


class BannerModel(Model):
    """One banner (the seed's `Banner`); deleted for real, since nothing refers to a banner."""

    Meta = table_meta("banners")
    group = UnicodeAttribute(hash_key=True, default=GROUP)
    banner_id = NumberAttribute(range_key=True)
    title = UnicodeAttribute()
    image = UnicodeAttribute()
    link = UnicodeAttribute(default="")
    orders = NumberAttribute(default=0)
    is_show = BooleanAttribute(default=True)


def _banner(model: BannerModel) -> Banner:
    return Banner(int(model.banner_id), model.title, model.image, model.link, int(model.orders), bool(model.is_show))


def list_banners(shown_only: bool) -> list[Banner]:
    """Every banner, or only the shown ones, by `orders` then id."""
    condition = (BannerModel.is_show == True) if shown_only else None  # noqa: E712
    banners = [_banner(b) for b in BannerModel.query(GROUP, filter_condition=condition)]
    return sorted(banners, key=lambda b: (b.orders, b.banner_id))


def create(values: dict[str, Any]) -> Banner:
    """Store a new banner under the next id of the `banner` sequence."""
    banner = BannerModel(GROUP, next_id("banner"), **values)
    banner.save(condition=BannerModel.banner_id.does_not_exist())
    return _banner(banner)


def replace(banner_id: int, values: dict[str, Any]) -> Banner:
    """Overwrite an existing banner's fields; 404 if there is none."""
    banner = BannerModel(GROUP, banner_id)
    actions = [getattr(BannerModel, name).set(value) for name, value in values.items()]
    # The update returns every attribute (ALL_NEW) into the model, so no read follows.
    if not write_if(lambda: banner.update(actions=actions, condition=BannerModel.banner_id.exists())):
        raise NotFound("banner not found")
    return _banner(banner)


def delete(banner_id: int) -> None:
    """Remove a banner; 404 if there is none."""
    if not write_if(lambda: BannerModel(GROUP, banner_id).delete(condition=BannerModel.banner_id.exists())):
        raise NotFound("banner not found")
