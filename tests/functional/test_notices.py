"""Aggregated notifications over real tables, fed by the behaviour log's and the follows' streams as Lambda feeds
them: grouping, own actions, repeats, read and seen state, replays, 50 concurrent likes and the requests per read."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from chalicelib.functions import notices_from_follows, notices_from_logs
from devstack.events import lambda_context
from tests.counting import count_dynamodb
from tests.factories import call, follow, make_article, make_user
from tests.functional.streams import StreamFeed

pytestmark = pytest.mark.usefixtures("services")
CONTEXT = lambda_context("notices", 256, 30, "us-east-1", "123456789012")


@pytest.fixture
def streams(services: Any) -> StreamFeed:
    """Both streams read from now on into their notices functions."""
    return StreamFeed(services, notices_from_logs, notices_from_follows)


def notices(client: Any, user: dict[str, Any], query: str = "") -> dict[str, Any]:
    code, body = call(client, "GET", f"/notifications/{query}", token=user["token"])
    assert code == 200, body
    return body


def counts(client: Any, user: dict[str, Any]) -> dict[str, int]:
    code, body = call(client, "GET", "/notifications/counts/", token=user["token"])
    assert code == 200, body
    return {"unseen": body["unseen"], "unread": body["unread"]}


def act(client: Any, user: dict[str, Any], article: int, *kinds: str) -> None:
    """The user reads the article, then does each of `kinds` (is_like, is_comment, is_collect, reward)."""
    assert call(client, "GET", f"/article/log/{article}/read/", token=user["token"])[0] == 200
    for kind in kinds:
        if kind == "reward":
            code, body = call(client, "POST", f"/article/{article}/rewards/", {"money": 2}, user["token"])
        else:
            code, body = call(client, "GET", f"/article/log/{article}/status/?type={kind}", token=user["token"])
        assert code == 200, body


def shape(body: dict[str, Any]) -> list[tuple[str, int | None, list[int], int, int]]:
    return [
        (g["verb"], g["article"]["id"] if g["article"] else None, [a["id"] for a in g["actors"]],
         g["actor_count"], g["activity_count"])
        for g in body["results"]
    ]  # fmt: skip


def test_an_author_is_told_of_each_verb_grouped_newest_first_never_of_their_own(client, streams):
    # Given an author's article, and readers who like, comment twice, reward, collect and follow
    author, a, b, c = make_user(), make_user(), make_user(), make_user()
    article = make_article(client, author["token"], title="标题", publish=True)["id"]
    act(client, a, article, "is_like", "is_comment", "is_comment")
    act(client, b, article, "is_like", "reward", "is_collect")
    act(client, c, article, "is_like")
    follow(client, a["token"], author["id"])
    assert call(client, "GET", f"/article/log/{article}/read/", token=author["token"])[0] == 400  # own: refused
    # When the streams are applied
    assert streams.drain()
    body = notices(client, author)
    # Then one group per verb on the article, plus the follows of the day, the latest activity on top
    assert body["count"] == 5 and body["next"] is None and body["previous"] is None
    assert shape(body) == [
        ("follow", None, [a["id"]], 1, 1),
        ("like", article, [c["id"], b["id"], a["id"]], 3, 3),
        ("collect", article, [b["id"]], 1, 1),
        ("reward", article, [b["id"]], 1, 1),
        ("comment", article, [a["id"]], 1, 2),
    ]
    first = body["results"][1]
    assert first["article"] == {"id": article, "title": "标题"}
    assert first["actors"][0] == {"id": c["id"], "username": c["username"], "nickname": None, "avatar": None}
    assert first["updated_at"].endswith("+08:00") and not first["is_seen"] and not first["is_read"]
    assert counts(client, author) == {"unseen": 5, "unread": 5}
    # And the readers were told nothing
    assert notices(client, a)["count"] == 0 and counts(client, b) == {"unseen": 0, "unread": 0}


def test_a_new_activity_reopens_a_group_and_repeats_are_one_actor(client, streams):
    # Given an author's article liked by a, and the author having read that group and seen everything
    author, a, b = make_user(), make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    other = make_article(client, author["token"], publish=True)["id"]
    act(client, a, article, "is_like")
    act(client, a, other, "is_comment")
    streams.drain()
    like_group = next(g["id"] for g in notices(client, author)["results"] if g["verb"] == "like")
    assert call(client, "PUT", f"/notifications/{like_group}/read/", token=author["token"])[0] == 200
    assert counts(client, author) == {"unseen": 1, "unread": 1}
    assert call(client, "PUT", "/notifications/seen/", token=author["token"]) == (
        200,
        {"code": "0", "errmsg": "OK", "unseen": 0, "unread": 1},
    )
    # When a unlikes and likes again: the same actor, nothing new
    act(client, a, article, "is_like", "is_like")
    streams.drain()
    assert counts(client, author) == {"unseen": 0, "unread": 1}
    assert shape(notices(client, author))[1] == ("like", article, [a["id"]], 1, 1)
    # When b likes it too
    act(client, b, article, "is_like")
    streams.drain()
    # Then the like group is back on top, unseen and unread, with both actors
    top = notices(client, author)["results"][0]
    assert (top["id"], top["actor_count"], top["is_seen"], top["is_read"]) == (like_group, 2, False, False)
    assert [x["id"] for x in top["actors"]] == [b["id"], a["id"]]
    assert counts(client, author) == {"unseen": 1, "unread": 2}


def test_reading_a_group_is_the_owners_alone(client, streams):
    author, reader, stranger = make_user(), make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    act(client, reader, article, "is_like")
    streams.drain()
    group = notices(client, author)["results"][0]["id"]
    # Another user's group, an unknown one and an id of no group's form answer 404, a malformed one 400
    for who, path in ((stranger, group), (author, "like-1-20000101"), (author, "like")):
        assert call(client, "PUT", f"/notifications/{path}/read/", token=who["token"])[0] == 404
    assert call(client, "PUT", "/notifications/..%2Fc/read/", token=author["token"])[0] == 400
    assert counts(client, author) == {"unseen": 1, "unread": 1}
    assert call(client, "GET", "/notifications/")[0] == 401
    assert call(client, "GET", "/notifications/?size=51", token=author["token"])[0] == 400
    # The owner reads it: read and seen, and reading again changes nothing
    for _ in range(2):
        assert call(client, "PUT", f"/notifications/{group}/read/", token=author["token"])[0] == 200
    assert counts(client, author) == {"unseen": 0, "unread": 0}
    assert notices(client, author)["results"][0]["is_read"] is True


def test_a_batch_delivered_again_is_applied_once(client, streams):
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    act(client, reader, article, "is_comment", "is_like")
    follow(client, reader["token"], author["id"])
    events = streams.drain()
    before = notices(client, author)
    # When Lambda hands every batch over again
    assert not any(answer.get("batchItemFailures") for answer in streams.replay(events))
    # Then nothing is counted twice
    assert notices(client, author) == before
    assert counts(client, author) == {"unseen": 3, "unread": 3}


def test_fifty_concurrent_likes_are_one_group_of_fifty_actors(client, streams):
    # Given an article 50 readers have read
    author, readers = make_user(), [make_user() for _ in range(50)]
    article = make_article(client, author["token"], publish=True)["id"]
    for reader in readers:
        act(client, reader, article)
    streams.drain()
    # When they all like it at once, and each stream record is applied by its own concurrent invocation
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda r: act(client, r, article, "is_like"), readers))
    records = [record for event in streams.drain(apply=False) for record in event["Records"]]
    assert len(records) == 50

    def apply(record: dict[str, Any]) -> int:
        tries = 1  # a failed record is handed over again, as Lambda retries it (a batch failed whole raises)
        while True:
            try:
                if not notices_from_logs.handler({"Records": [record]}, CONTEXT).get("batchItemFailures"):
                    return tries
            except BatchProcessingError:
                pass
            tries += 1

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(apply, records))
    # Then one group counting 50 actors and 50 activities, and one unseen, unread group
    (group,) = notices(client, author)["results"]
    assert (group["verb"], group["actor_count"], group["activity_count"], len(group["actors"])) == ("like", 50, 50, 3)
    assert counts(client, author) == {"unseen": 1, "unread": 1}


def test_one_event_costs_two_reads_and_one_transaction(client, streams):
    # Given a reader's like of an author's article, on the stream and not yet applied
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    act(client, reader, article)
    streams.drain()
    act(client, reader, article, "is_like")
    (event,) = streams.drain(apply=False)
    # When the consumer applies it
    with count_dynamodb() as dynamodb:
        assert notices_from_logs.handler(event, CONTEXT) == {"batchItemFailures": []}
    # Then the article's heading and the actor are read in one request, the recipient's items in another
    # (consistent), and the notice is written in one transaction
    assert dynamodb.operations == ["BatchGetItem", "BatchGetItem", "TransactWriteItems"]
    assert shape(notices(client, author)) == [("like", article, [reader["id"]], 1, 1)]


def test_reads_cost_at_most_two_requests(client, streams):
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    with count_dynamodb() as dynamodb:
        notices(client, author)
    assert dynamodb.operations == ["GetItem"]  # no notices yet: the counts say so
    act(client, reader, article, "is_like", "is_comment")
    streams.drain()
    with count_dynamodb() as dynamodb:
        notices(client, author, "?page=1&size=1")
    assert dynamodb.operations == ["GetItem", "Query"]
    with count_dynamodb() as dynamodb:
        counts(client, author)
    assert dynamodb.operations == ["GetItem"]
    with count_dynamodb() as dynamodb:
        assert call(client, "PUT", "/notifications/seen/", token=author["token"])[1]["unseen"] == 0
    assert dynamodb.operations == ["UpdateItem"]
    body = notices(client, author, "?page=2&size=1")
    assert body["count"] == 2 and body["next"] is None and body["previous"].endswith("/notifications/?page=1&size=1")
    assert call(client, "GET", "/notifications/?page=3&size=1", token=author["token"])[0] == 404
