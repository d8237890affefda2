"""The demo feed loads on top of the demo users, twice without copies, reaches inboxes and recommends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.feed.collections import repository as collections
from chalicelib.feed.fanout import inboxes as inbox
from chalicelib.feed.recommendations import service as recommendations
from chalicelib.functions import recommendations_precompute
from chalicelib.users import repository as users
from devstack.demo import DEMO_USERS, ensure_user
from devstack.feed_data import ARTICLES, FOLLOWS, load_feed
from tests.functional.queues import consume
from tests.functional.streams import StreamFeed

pytestmark = pytest.mark.usefixtures("services")


def test_demo_feed_loads_twice_without_copies(services):
    # Given the demo users, and the behaviour log's stream read from now on, as the pump reads it
    for name, mobile, staff in DEMO_USERS:
        ensure_user(name, mobile, "demo-password-1", staff)
    behaviour = StreamFeed(services, recommendations_precompute)
    # When the demo feed is loaded twice and the fan-out runs
    first = load_feed()
    assert (first["published"], first["recorded"]) == (len(ARTICLES), 20)  # 13 reads, 4 likes, 2 comments, 1 reward
    assert load_feed() == {"follows": len(FOLLOWS), "articles": len(ARTICLES), "published": 0, "recorded": 0}
    consume("feed-fanout", "feed_fanout_consumer", max_batches=50)
    # Then demo2, following demo1, has demo1's four articles once each, under 1..4
    demo2 = users.find_by_account("demo2", by_mobile=False)
    assert demo2 is not None
    delivered = inbox.after(int(demo2.user_id), 0, 100)
    assert [e.sequence_id for e in delivered] == [1, 2, 3, 4]
    assert len({e.article_id for e in delivered}) == 4
    # And demo1's four articles are in its default collection, counted once although loaded twice
    demo1 = users.find_by_account("demo1", by_mobile=False)
    assert demo1 is not None
    default = collections.find_default(int(demo1.user_id))
    assert default is not None and default.article_count == 4
    # And demo5, who read two of them, gets the others its fellow readers acted on, best first, once the stream of
    # the demo's behaviour is applied
    behaviour.drain()
    demo5 = users.find_by_account("demo5", by_mobile=False)
    assert demo5 is not None
    found = recommendations.recommend(int(demo5.user_id), 10, datetime.now(UTC))
    assert [s.score for s in found] == [11, 6, 3, 3, 1]
