"""Reading: the home feed's request budget and read flags, hot pages, timeline pages, sync over gaps."""

from __future__ import annotations

import pytest

from chalicelib.core.clients import get_redis
from chalicelib.feed.articles.repository import ArticleModel
from chalicelib.feed.fanout import messages
from chalicelib.feed.fanout import sequences as claims
from chalicelib.feed.follows import repository as relations
from chalicelib.feed.reading import hot
from tests.counting import count_dynamodb, count_redis
from tests.factories import call, follow, make_article, make_user
from tests.functional.queues import consume
from tests.functional.test_feed_fanout import _handle, _receive_all

pytestmark = pytest.mark.usefixtures("services")


def drain() -> int:
    return consume("feed-fanout", "feed_fanout_consumer", max_batches=50)


def home(client, token: str | None, query: str = "") -> dict:
    status, body = call(client, "GET", f"/push/article/{query}", token=token)
    assert status == 200, body
    return body


def test_home_feed_merges_pushed_and_pulled_posts_within_its_request_budget(client, settings):
    # Given a reader following A (pushed: 1 follower) and Z (pulled: 3 followers over a threshold of 2)
    settings.feed_push_threshold = 2
    reader, a, z = make_user(), make_user(), make_user()
    for fan in (reader, make_user(), make_user()):
        follow(client, fan["token"], z["id"])
    follow(client, reader["token"], a["id"])
    drain()
    posts = []
    for _ in range(6):
        posts += [
            make_article(client, a["token"], publish=True)["id"],
            make_article(client, z["token"], publish=True)["id"],
        ]
    drain()
    hot.ranking(get_redis())  # the hot list is cached, as in steady state
    # When the reader opens the home feed
    with count_dynamodb() as dynamodb, count_redis() as trips:
        body = home(client, reader["token"], "?size=10")
    # Then: one inbox Query, one outbox Query for the big author, one BatchGetItem, one BatchWriteItem (read flags)
    assert dynamodb.operations == ["Query", "Query", "BatchGetItem", "BatchWriteItem"]
    assert trips.round_trips == [["GET"]]
    assert [(i["id"], i["source"]) for i in body["results"]] == [(p, "follow") for p in posts[::-1][:10]]
    assert body["next"].endswith("/push/article/?size=10") and body["previous"] is None
    item = body["results"][0]
    assert set(item) == {
        "id",
        "title",
        "html_content",
        "user",
        "pub_date",
        "read_count",
        "like_count",
        "collect_count",
        "comment_count",
        "reward_count",
        "source",
    }
    # And the next call shows the two left, then hot ones, never one already shown
    again = home(client, reader["token"], "?size=10")["results"]
    assert [(i["id"], i["source"]) for i in again[:2]] == [(posts[1], "follow"), (posts[0], "follow")]
    assert {i["source"] for i in again[2:]} <= {"hot"}
    assert not {i["id"] for i in again} & {i["id"] for i in body["results"]}


def test_hot_fill_never_repeats_for_a_reader(client):
    author, reader = make_user(), make_user()
    for _ in range(12):
        make_article(client, author["token"], publish=True)
    hot.forget(get_redis())
    first = home(client, reader["token"], "?size=5")["results"]
    second = home(client, reader["token"], "?size=5")["results"]
    assert [i["source"] for i in first + second] == ["hot"] * 10
    assert not {i["id"] for i in first} & {i["id"] for i in second}


def _counts(article_id: int, reward: int, comment: int, like: int) -> None:
    ArticleModel(article_id).update(
        actions=[
            ArticleModel.reward_count.set(reward),
            ArticleModel.comment_count.set(comment),
            ArticleModel.like_count.set(like),
        ]
    )


def test_hot_articles_rank_by_reward_comment_like_then_id_and_page_like_drf(client):
    # Given four public articles with counts far above the rest, and one private one above them all
    author = make_user()
    ids = [make_article(client, author["token"], publish=True)["id"] for _ in range(4)]
    for article_id, counts in zip(ids, [(10**6, 0, 9), (10**6, 5, 0), (10**6, 5, 1), (10**6, 0, 9)], strict=True):
        _counts(article_id, *counts)
    hidden = make_article(client, author["token"])["id"]
    _counts(hidden, 10**7, 0, 0)
    hot.forget(get_redis())
    # When a guest pages through them two at a time
    first = home(client, None, "?page=1&size=2")
    second = call(client, "GET", "/article/hot/?page=2&size=2")[1]
    # Then the order is reward, comment, like, id (all descending) and the pages carry DRF links
    assert [i["id"] for i in first["results"] + second["results"]] == [ids[2], ids[1], ids[3], ids[0]]
    assert first["previous"] is None and first["next"].endswith("/push/article/?page=2&size=2")
    assert second["previous"].endswith("/article/hot/?page=1&size=2") and second["count"] == first["count"]
    assert {i["source"] for i in first["results"]} == {"hot"}
    assert call(client, "GET", "/article/hot/?page=100000&size=50")[0] == 404


def test_timeline_pages_newest_first_including_read_posts(client):
    # Given B following A, A's five posts, and B's home feed having shown them all
    a, b = make_user(), make_user()
    follow(client, b["token"], a["id"])
    posts = [make_article(client, a["token"], publish=True)["id"] for _ in range(5)]
    drain()
    home(client, b["token"], "?size=20")
    # When B pages the timeline two at a time
    pages, before = [], None
    while True:
        query = f"?size=2&before={before}" if before else "?size=2"
        status, body = call(client, "GET", f"/timeline/{query}", token=b["token"])
        assert status == 200
        pages.append([i["id"] for i in body["results"]])
        before = body["next_before"]
        if before is None:
            break
    # Then every post comes once, newest first
    assert [p for page in pages for p in page] == posts[::-1]
    assert call(client, "GET", "/timeline/")[0] == 401


def test_sync_cursor_stops_at_a_number_taken_but_not_yet_written(client):
    # Given B following A, A's first post delivered
    a, b = make_user(), make_user()
    follow(client, b["token"], a["id"])
    drain()
    first = make_article(client, a["token"], publish=True)["id"]
    drain()
    # And A's second post mid-delivery: B's number 2 taken, the entry not written yet
    second = make_article(client, a["token"], publish=True)["id"]
    in_flight = _receive_all(1)[0]
    key = messages.PublishMessage.model_validate_json(in_flight["Body"]).feed_key
    since = int(relations.RelationModel.get(b["id"], a["id"]).since_us)
    claims.claim(b["id"], claims.claim_name(second, key, since))
    third = make_article(client, a["token"], publish=True)["id"]
    drain()
    # When B syncs: only the gap-free run is returned and the cursor stops before the gap
    _, body = call(client, "GET", "/timeline/sync/", token=b["token"])
    assert [(r["sequence_id"], r["article"]["id"]) for r in body["results"]] == [(1, first)]
    assert body["last_sequence_id"] == 1
    # When the delivery completes, the next sync resumes at the gap
    _handle(in_flight)
    _, body = call(client, "GET", "/timeline/sync/", token=b["token"])
    assert [(r["sequence_id"], r["article"]["id"]) for r in body["results"]] == [(2, second), (3, third)]
    assert body["last_sequence_id"] == 3
