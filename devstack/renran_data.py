"""Demo data of renran's pages beyond the feed: the header and footer navigation, and two specials (专题) managed by
demo users with some demo articles in them. Safe to run twice: what exists (by name) is kept."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.navigation import service as navigation
from chalicelib.navigation.models import TOP, NavRequest, Place
from chalicelib.specials import service as specials
from chalicelib.specials.models import PostRequest, SpecialRequest
from devstack.feed_data import slot_id

# (place, name, link, icon, sub-links as (name, link))
NAVS: list[tuple[Place, str, str, str, list[tuple[str, str]]]] = [
    ("header", "首页", "/", "media/nav/home.png", []),
    ("header", "下载App", "/apps", "media/nav/app.png", []),
    ("header", "会员", "/vip", "", []),
    ("header", "IT技术", "/it", "", [("Python", "/it/python"), ("Go", "/it/go")]),
    ("footer", "关于我们", "/about", "", []),
    ("footer", "联系我们", "/contact", "", []),
    ("footer", "帮助中心", "/help", "", [("用户协议", "/help/agreement"), ("隐私政策", "/help/privacy")]),
]
# (name, image, managers, demo article slots in it, posted by the first manager): demo5, the replay's reader, manages
# the second, so renran's writer page finds a special of theirs.
SPECIALS = [
    ("Feed 流架构", "media/special/feed.png", ["demo1", "demo2"], [1, 2, 5]),
    ("后端随笔", "media/special/notes.png", ["demo3", "demo5"], [8]),
]


def media_keys() -> list[str]:
    """The media keys of the demo navigation icons and special covers."""
    return [icon for _, _, _, icon, _ in NAVS if icon] + [image for _, image, _, _ in SPECIALS]


def load_navs() -> int:
    """Create the demo links missing from the navigation; how many were created."""
    r, created = get_redis(), 0
    existing = {(n["place"], n["name"], n["parent_id"]): n["id"] for n in navigation.all_navs()}
    for orders, (place, name, link, icon, subs) in enumerate(NAVS, start=1):
        top = existing.get((place, name, TOP))
        if top is None:
            top = navigation.create(r, NavRequest(place=place, name=name, link=link, icon=icon, orders=orders))["id"]
            created += 1
        for sub_orders, (sub, sub_link) in enumerate(subs, start=1):
            if (place, sub, top) not in existing:
                navigation.create(r, NavRequest(place=place, name=sub, link=sub_link, parent_id=top, orders=sub_orders))
                created += 1
    return created


def load_specials(users: dict[str, int]) -> dict[str, int]:
    """Create the demo specials missing (by name) and put their demo articles in them (again changes nothing)."""
    now, created, posted = datetime.now(UTC), 0, 0
    existing = {s["name"]: s["id"] for s in specials.catalog()}
    for name, image, managers, slots in SPECIALS:
        special_id = existing.get(name)
        if special_id is None:
            request = SpecialRequest(name=name, image=image, managers=[users[m] for m in managers])
            special_id, created = specials.create(request, now)["id"], created + 1
        poster = Principal(users[managers[0]], managers[0])
        for slot in slots:
            answer = specials.post(poster, PostRequest(article_id=slot_id(slot), special_id=special_id), now)
            posted += answer["detail"] == "added to the special"
    return {"specials_created": created, "articles_posted": posted}


def load_renran(users: dict[str, int]) -> dict[str, int]:
    """The demo navigation and specials (after the demo users and the feed's published articles)."""
    return {"navs_created": load_navs(), **load_specials(users)}
