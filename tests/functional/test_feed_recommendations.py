"""Recommendations over real tables: the seed's worked example through the API, windows, exclusions, home fill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.feed.reading import hot
from chalicelib.feed.recommendations import behaviour
from chalicelib.feed.recommendations import service as recommendations
from tests.counting import count_dynamodb
from tests.factories import call, make_article, make_user
from tests.unit.test_feed_cf import SEED_LOGS, SEED_RANKING_FOR_USER_2

pytestmark = pytest.mark.usefixtures("services")


def recommended(client, token: str, query: str = "") -> list[tuple[int, int]]:
    code, body = call(client, "GET", f"/recommendations/{query}", token=token)
    assert code == 200, body
    assert {i["article"]["source"] for i in body["results"]} <= {"recommend"}
    return [(i["article"]["id"], i["score"]) for i in body["results"]]


def test_the_seeds_worked_example_through_the_api_within_the_request_budget(client):
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
    # When user 2 asks for recommendations
    with count_dynamodb() as dynamodb:
        ranking = recommended(client, users[2]["token"])
    # Then the seed's list with the seed's scores: [(6, 18), (9, 16), (7, 9), (4, 8), (17, 2)]
    assert ranking == [(ids[seed], score) for seed, score in SEED_RANKING_FOR_USER_2]
    # In 1 Query of user 2's log, 1 index Query per article of it (5), 1 Query per related user (4), 1 BatchGetItem
    assert dynamodb.operations == ["Query"] * 10 + ["BatchGetItem"]
    assert recommended(client, users[2]["token"], "?size=2") == ranking[:2]


def test_windows_own_and_read_articles_decide_what_is_recommended(client):
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
    # When R asks, now
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


def test_home_feed_fills_with_recommendations_before_hot_ones_never_repeating(client):
    # Given a reader who follows nobody, has read x, and a peer who also read x and liked y1..y3
    author, reader, peer = make_user(), make_user(), make_user()
    x, *ys = (make_article(client, author["token"], publish=True)["id"] for _ in range(4))
    for user in (reader, peer):
        call(client, "GET", f"/article/log/{x}/read/", token=user["token"])
    for y in ys:
        call(client, "GET", f"/article/log/{y}/read/", token=peer["token"])
    call(client, "GET", f"/article/log/{ys[0]}/status/?type=is_like", token=peer["token"])
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
    # And the recommendations cost their own bounded requests between the home feed's read and its write:
    # the reader's log, the actors of x, the peer's log, the candidates' check
    home_read, recommending = ["Query", "BatchGetItem"], ["Query", "Query", "Query", "BatchGetItem"]
    assert dynamodb.operations == home_read + recommending + ["BatchWriteItem"]
