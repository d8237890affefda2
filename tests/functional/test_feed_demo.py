"""The demo feed loads on top of the demo users, twice without copies, and reaches followers' inboxes."""

from __future__ import annotations

import pytest

from chalicelib.feed import inbox_repository as inbox
from chalicelib.users import repository as users
from devstack.demo import DEMO_USERS, ensure_user
from devstack.feed_data import ARTICLES, FOLLOWS, load_feed
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services")


def test_demo_feed_loads_twice_without_copies():
    # Given the demo users
    for name, mobile, staff in DEMO_USERS:
        ensure_user(name, mobile, "demo-password-1", staff)
    # When the demo feed is loaded twice and the fan-out runs
    assert load_feed()["published"] == len(ARTICLES)
    assert load_feed() == {"follows": len(FOLLOWS), "articles": len(ARTICLES), "published": 0}
    consume("feed-fanout", "feed_fanout_consumer", max_batches=50)
    # Then demo2, following demo1, has demo1's four articles once each, under 1..4
    demo2 = users.find_by_account("demo2", by_mobile=False)
    assert demo2 is not None
    delivered = inbox.after(int(demo2.user_id), 0, 100)
    assert [e.sequence_id for e in delivered] == [1, 2, 3, 4]
    assert len({e.article_id for e in delivered}) == 4
