"""Demo data for the local stack: areas, a staff user, five demo users, a catalogue, banners and courses, the feed,
renran's navigation and specials."""

from __future__ import annotations

from typing import Any

from chalicelib.catalogue import service as catalogue
from chalicelib.core.clients import get_redis
from chalicelib.core.passwords import hash_password
from chalicelib.users import repository as users
from devstack import catalogue_data
from devstack.areas_data import load_areas
from devstack.demo_images import sized, upload_images
from devstack.feed_data import load_feed
from devstack.home_data import load_home, media_keys
from devstack.renran_data import load_renran
from devstack.renran_data import media_keys as renran_media_keys

DEMO_USERS = [("admin", "13900000000", True)] + [(f"demo{i}", f"1390000000{i}", False) for i in range(1, 6)]


def ensure_user(username: str, mobile: str, password: str, is_staff: bool) -> int:
    """Create a user unless the username exists; return its id."""
    existing = users.find_by_account(username, by_mobile=False)
    if existing is not None:
        return int(existing.user_id)
    return int(users.create_user(username, mobile, hash_password(password), is_staff=is_staff).user_id)


def load_demo(env: dict[str, str]) -> dict[str, Any]:
    """Load everything a person needs to try the API; safe to run twice."""
    password = env["DEMO_PASSWORD"]
    areas = load_areas()
    ids = {name: ensure_user(name, mobile, password, staff) for name, mobile, staff in DEMO_USERS}
    home = load_home()
    avatars = set_avatars(ids)  # before the feed: an article copies its author's avatar when published
    result = {"areas": areas, "users": ids, "password": password, "catalogue": load_catalogue(), "home": home}
    feed = load_feed()  # before renran's specials: they hold published demo articles
    return {**result, "feed": feed, "renran": load_renran(ids), "images": load_images(avatars)}


def set_avatars(ids: dict[str, int]) -> dict[str, str]:
    """Give each demo user an avatar (its image is put by load_images); the keys by username."""
    avatars = {name: f"media/avatar/{name}.png" for name in ids}
    for name, key in avatars.items():
        users.set_avatar(ids[name], key)
    return avatars


def load_images(avatars: dict[str, str]) -> int:
    """Put a small PNG at every media key the demo data names, the demo users' avatars included."""
    banners, courses, teachers = media_keys()
    skus = [sku.default_image_url for sku in catalogue_data.skus()]
    images = {**sized(banners, 96, 32), **sized(courses, 48, 36), **sized(teachers, 32, 32), **sized(skus, 40, 40)}
    images.update(sized(renran_media_keys(), 32, 32))  # navigation icons and special covers
    return upload_images({**images, **sized(avatars.values(), 32, 32)})


def load_catalogue() -> dict[str, int]:
    """Write the demo categories, SPUs and SKUs (same ids, same values each time) and drop the cached tree."""
    cats, spus, skus = catalogue_data.categories(), catalogue_data.spus(), catalogue_data.skus()
    catalogue.load_catalogue(get_redis(), cats, spus, skus)
    return {"categories": len(cats), "spus": len(spus), "skus": len(skus)}
