"""Recommendations over real tables, the neighbourhoods fed by the behaviour log's stream as Lambda would feed them:
the seed's worked example through the API, windows, exclusions, home fill, replays, the read's request count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.settings import get_settings
from chalicelib.feed.reading import hot
from chalicelib.feed.recommendations import behaviour, neighbours
from chalicelib.feed.recommendations import service as recommendations
from chalicelib.feed.recommendations.behaviour_log import LogModel
from chalicelib.feed.recommendations.models import Log
from chalicelib.functions import recommendations_precompute
from tests.counting import count_dynamodb
from tests.factories import call, make_article, make_user
from tests.functional.streams import StreamFeed
from tests.unit.test_feed_cf import SEED_LOGS, SEED_RANKING_FOR_USER_2

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture
def streams(services: Any) -> StreamFeed:
    """The behaviour log's stream read from now on into the precompute function."""
    return StreamFeed(services, recommendations_precompute)


def recommended(client, token: str, query: str = "") -> list[tuple[int, int]]:
    code, body = call(client, "GET", f"/recommendations/{query}", token=token)
    assert code == 200, body
    assert {i["article"]["source"] for i in body["results"]} <= {"recommend"}
    return [(i["article"]["id"], i["score"]) for i in body["results"]]


def test_the_seeds_worked_example_through_the_stream_within_the_request_budget(client, streams):
    # Given the seed's ten articles by a sixth user (created in id order) and its five users' 27 logs, via the API
    author, users = make_user(), {n: make_user() for n in range(1, 6)}
    seed_ids = sorted({article for _, article, *_ in SEED_LOGS})
    ids = {seed: make_article(client, author["token"], publish=True)["id"] for seed in seed_ids}
    for user, article, comment, like, _, reward in SEED_LOGS:
        token, path = users[user]["token"], f"/article/log/{ids[article]}"
        assert call(client, "GET", f"{path}/read/", token=token)[0] == 200
        for kind, flag in (("is_like", like), ("is_comment", comment)):
            assert not flag or call(client, "GET", f"{path}/status/?type={kind}", token=token)[0] == 200
        assert not reward or call(client, "POST", f"/article/{ids[article]}/rewards/", {"money": 2}, token)[0] == 200
    # When the behaviour log's stream has been applied and user 2 asks for recommendations
    assert streams.drain()
    with count_dynamodb() as dynamodb:
        ranking = recommended(client, users[2]["token"])
    # Then the seed's list with the seed's scores: [(6, 18), (9, 16), (7, 9), (4, 8), (17, 2)]
    assert ranking == [(ids[seed], score) for seed, score in SEED_RANKING_FOR_USER_2]
    # In 1 Query of user 2's log, 1 BatchGetItem of its articles' neighbourhoods, 1 BatchGetItem checking candidates
    assert dynamodb.operations == ["Query", "BatchGetItem", "BatchGetItem"]
    assert recommended(client, users[2]["token"], "?size=2") == ranking[:2]


def test_windows_own_and_read_articles_decide_what_is_recommended(client, streams):
    # Given the reader R (also an author), peers P, Q, S and articles a..g, with actions dated by an injected clock
    now = datetime.now(UTC)
    author, r, p, q, s = make_user(), make_user(), make_user(), make_user(), make_user()
    a, b, c, d, e, f = (make_article(client, author["token"], publish=True)["id"] for _ in range(6))
    own = make_article(client, r["token"], publish=True)["id"]
    who = {x["id"]: Principal(x["id"], x["username"]) for x in (r, p, q, s)}

    def acts(user: dict, article: int, days_ago: float, like: bool = False) -> None:
        when = now - timedelta(days=days_ago)
        behaviour.read(who[user["id"]], article, when)
        if like:
            behaviour.status(who[user["id"]], article, "is_like", when)

    acts(r, a, 89)  # inside R's 90 days: makes P related
    acts(r, b, 91)  # outside R's 90 days: makes nobody related, yet R has read it
    acts(p, a, 14)
    acts(p, c, 14, like=True)  # recommended: 3
    acts(p, b, 14)  # read by R long ago: never recommended
    acts(p, own, 14)  # R's own: never recommended
    acts(p, f, 91)  # outside P's 90 days
    acts(q, b, 1)
    acts(q, d, 1)  # Q is related only through b, outside R's window
    acts(s, a, 16)  # outside 15 days: S is not related
    acts(s, e, 1)
    # When R asks, now, the stream applied
    streams.drain()
    found = recommendations.recommend(r["id"], 10, now)
    # Then only c, with P's read and like
    assert [(int(x.article.article_id), x.score) for x in found] == [(c, 3)]
    # And 76 days later R's read of a has left the window: nothing relates R to anyone
    assert recommendations.recommend(r["id"], 10, now + timedelta(days=76)) == []


def test_recommendations_need_a_login_and_a_size_up_to_50(client):
    user = make_user()
    assert call(client, "GET", "/recommendations/")[0] == 401
    assert call(client, "GET", "/recommendations/?size=51", token=user["token"])[0] == 400
    with count_dynamodb() as dynamodb:
        assert recommended(client, user["token"], "?size=50") == []
    assert dynamodb.operations == ["Query"]  # no behaviour yet: one Query and done


def test_home_feed_fills_with_recommendations_before_hot_ones_never_repeating(client, streams):
    # Given a reader who follows nobody, has read x, and a peer who also read x and liked y1..y3
    author, reader, peer = make_user(), make_user(), make_user()
    x, *ys = (make_article(client, author["token"], publish=True)["id"] for _ in range(4))
    for user in (reader, peer):
        call(client, "GET", f"/article/log/{x}/read/", token=user["token"])
    for y in ys:
        call(client, "GET", f"/article/log/{y}/read/", token=peer["token"])
    call(client, "GET", f"/article/log/{ys[0]}/status/?type=is_like", token=peer["token"])
    streams.drain()
    hot.forget(get_redis())
    # When the reader opens the home feed twice, two items a time
    first = call(client, "GET", "/push/article/?size=2", token=reader["token"])[1]["results"]
    with count_dynamodb() as dynamodb:
        second = call(client, "GET", "/push/article/?size=2", token=reader["token"])[1]["results"]
    # Then recommendations come first, best first, then hot ones, and nothing shown comes back
    assert [(i["id"], i["source"]) for i in first] == [(ys[0], "recommend"), (ys[2], "recommend")]
    assert [(i["id"], i["source"]) for i in second][:1] == [(ys[1], "recommend")]
    assert [i["source"] for i in second[1:]] == ["hot"]
    assert len({i["id"] for i in first + second}) == 4
    # And the recommendations cost their own three requests between the home feed's read and its write:
    # the reader's log, the neighbourhood of x, the candidates' check
    home_read, recommending = ["Query", "BatchGetItem"], ["Query", "BatchGetItem", "BatchGetItem"]
    assert dynamodb.operations == home_read + recommending + ["BatchWriteItem"]


def test_a_batch_delivered_again_is_applied_once(client, streams):
    # Given a reader and a peer who both read x, the peer also y, and the stream's batches applied
    author, reader, peer = make_user(), make_user(), make_user()
    x, y = (make_article(client, author["token"], publish=True)["id"] for _ in range(2))
    for user, article in ((reader, x), (peer, x), (peer, y)):
        assert call(client, "GET", f"/article/log/{article}/read/", token=user["token"])[0] == 200
    events = streams.drain()
    assert events
    before = neighbours.fetch([x, y])
    # When Lambda hands the same batches over again
    with count_dynamodb() as dynamodb:
        answers = streams.replay(events)
    # Then every record succeeds without a neighbourhood written again, and the recommendation is unchanged
    assert all(not answer.get("batchItemFailures") for answer in answers)
    assert "UpdateItem" not in dynamodb.operations
    assert neighbours.fetch([x, y]) == before
    assert recommended(client, reader["token"]) == [(y, 1)]


def test_a_read_at_the_limits_costs_three_requests(client):
    # Given a reader with 50 logs of today, and on each of those articles 100 actors with 50 logs each
    now = datetime.now(UTC)
    at, reader = int(now.timestamp()), make_user()["id"]
    mine = list(range(10_000_001, 10_000_051))
    for article in mine:
        LogModel(reader, article, acted_at=at, read_at=at).save()
    profile = [Log(0, 20_000_000 + i, at - i, read=True, liked=i % 2 == 0) for i in range(50)]
    entry = {"M": {"t": raw.num(at), "p": {"S": neighbours.encode(profile)}}}
    items = [{"article_id": raw.num(a), **{f"u{30_000_000 + u}": entry for u in range(100)}} for a in mine]
    raw.batch_write([(get_settings().table("feed-neighbours"), item) for item in items])
    # When the reader asks for the most recommendations there are
    with count_dynamodb() as dynamodb:
        recommendations.recommend(reader, 50, now)
    # Then one Query, one BatchGetItem of the 50 neighbourhoods, one BatchGetItem checking the best candidates
    assert dynamodb.operations == ["Query", "BatchGetItem", "BatchGetItem"]
