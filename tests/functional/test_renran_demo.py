"""renran's demo data: the header and footer navigation and two specials load twice without copies, and the pages
read them: demo5 manages a special that holds a demo article."""

from __future__ import annotations

import pytest

from devstack.demo import DEMO_USERS, ensure_user
from devstack.feed_data import load_feed, slot_id
from devstack.renran_data import NAVS, SPECIALS, load_renran
from tests.factories import call

pytestmark = pytest.mark.usefixtures("services")
PASSWORD = "demo-password-1"


def test_renran_demo_data_loads_twice_and_the_pages_read_it(client):
    # Given the demo users and their published articles
    ids = {name: ensure_user(name, mobile, PASSWORD, staff) for name, mobile, staff in DEMO_USERS}
    load_feed()
    # When renran's demo data is loaded twice
    load_renran(ids)
    assert load_renran(ids) == {"navs_created": 0, "specials_created": 0, "articles_posted": 0}
    # Then the header and footer show the demo links once each, sub-links under theirs
    for place in ("header", "footer"):
        status, listed = call(client, "GET", f"/nav/{place}/")
        names = [n["name"] for n in listed]
        expected = [(name, subs) for p, name, _, _, subs in NAVS if p == place]
        assert status == 200 and all(names.count(name) == 1 for name, _ in expected), names
        for name, subs in expected:
            shown = next(n for n in listed if n["name"] == name)
            assert [s["name"] for s in shown["son_list"]] == [sub for sub, _ in subs]
    # And demo5 manages the second special, which holds demo article 8 and not article 1
    status, login = call(client, "POST", "/authorizations/", {"username": "demo5", "password": PASSWORD})
    assert status == 200, login
    for slot, held in ((8, True), (1, False)):
        status, listed = call(client, "GET", f"/article/special/?article_id={slot_id(slot)}", token=login["token"])
        assert status == 200 and [(s["name"], s["post_status"]) for s in listed] == [(SPECIALS[1][0], held)]
