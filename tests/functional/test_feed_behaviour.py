"""The behaviour log through the API: reads counted once, likes toggled, comments and rewards counted, seed rules."""

from __future__ import annotations

import pytest

from chalicelib.feed.articles.repository import ArticleModel
from chalicelib.feed.recommendations.behaviour_log import LogModel
from tests.counting import count_dynamodb
from tests.factories import call, make_article, make_user

pytestmark = pytest.mark.usefixtures("services")


def counters(article_id: int) -> tuple[int, int, int, int]:
    """(read, like, comment, reward) counts as stored."""
    a = ArticleModel.get(article_id, consistent_read=True)
    return int(a.read_count), int(a.like_count), int(a.comment_count), int(a.reward_count)


def read(client, token: str | None, article_id: int) -> tuple[int, dict]:
    return call(client, "GET", f"/article/log/{article_id}/read/", token=token)


def status(client, token: str, article_id: int, kind: str, method: str = "GET") -> tuple[int, dict]:
    return call(client, method, f"/article/log/{article_id}/status/?type={kind}", token=token)


def reward(client, token: str, article_id: int, money: object) -> tuple[int, dict]:
    return call(client, "POST", f"/article/{article_id}/rewards/", {"money": money}, token)


def test_a_read_is_recorded_and_counted_once_per_reader_in_one_request(client):
    author, first, second = make_user(), make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    with count_dynamodb() as dynamodb:
        assert read(client, first["token"], article) == (200, {"code": "0", "errmsg": "OK", "detail": "read recorded"})
    assert dynamodb.operations == ["TransactWriteItems"]
    with count_dynamodb() as dynamodb:
        assert read(client, first["token"], article)[1]["detail"] == "already read"
    assert dynamodb.operations == ["TransactWriteItems"]  # refused by the log's condition: nothing counted
    read(client, second["token"], article)
    assert counters(article) == (2, 0, 0, 0)
    log = LogModel.get(first["id"], article, consistent_read=True)
    assert log.read_at is not None and log.acted_at == log.read_at


def test_only_a_logged_in_reader_of_someone_elses_public_article_is_recorded(client):
    author, reader = make_user(), make_user()
    public = make_article(client, author["token"], publish=True)["id"]
    draft = make_article(client, author["token"])["id"]
    assert read(client, None, public)[0] == 401
    own = read(client, author["token"], public)
    assert own[0] == 400 and own[1]["code"] == "4003" and own[1]["errors"][0]["field"] == "article_id"
    assert read(client, reader["token"], draft)[0] == 404
    assert read(client, reader["token"], 10**11)[0] == 404
    assert counters(public)[0] == 0 and counters(draft)[0] == 0


def test_like_and_comment_need_an_earlier_read_and_a_like_toggles(client):
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    # Before reading: refused (the seed's 400), nothing counted
    for kind in ("is_like", "is_comment"):
        code, body = status(client, reader["token"], article, kind)
        assert (code, body["errmsg"]) == (400, "invalid parameters") and "read" in body["errors"][0]["message"]
    assert counters(article) == (0, 0, 0, 0)
    read(client, reader["token"], article)
    # A like toggles (GET and POST alike); every comment counts
    assert status(client, reader["token"], article, "is_like")[1]["detail"] == "liked"
    assert counters(article)[1] == 1 and LogModel.get(reader["id"], article).liked_at is not None
    assert status(client, reader["token"], article, "is_like", "POST")[1]["detail"] == "like withdrawn"
    assert counters(article)[1] == 0 and LogModel.get(reader["id"], article).liked_at is None
    status(client, reader["token"], article, "is_like", "POST")
    status(client, reader["token"], article, "is_comment")
    assert status(client, reader["token"], article, "is_comment", "POST")[1]["detail"] == "comment recorded"
    assert counters(article) == (1, 1, 2, 0)
    assert int(LogModel.get(reader["id"], article, consistent_read=True).comments) == 2
    # Other types, the author's own article and unknown ones are refused
    bad = status(client, reader["token"], article, "is_reward")
    assert bad[0] == 400 and bad[1]["errors"][0]["field"] == "type"
    assert status(client, author["token"], article, "is_like")[0] == 400
    assert status(client, reader["token"], 10**11, "is_like")[0] == 404
    assert counters(article) == (1, 1, 2, 0)


def test_rewards_take_the_listed_amounts_need_a_read_and_each_counts(client):
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    assert reward(client, reader["token"], article, 5)[0] == 400  # not read yet
    read(client, reader["token"], article)
    # Not one of the listed amounts, or not a whole number (a browser's "5" is the amount 5, as for every integer)
    for money in (3, "3", 5.0, "5.0", 0, 1000, "five"):
        code, body = reward(client, reader["token"], article, money)
        assert code == 400 and body["errors"][0]["field"] == "money", money
    assert reward(client, reader["token"], article, 5) == (
        200,
        {"code": "0", "errmsg": "OK", "detail": "rewarded 5 yuan"},
    )
    reward(client, reader["token"], article, "100")
    assert reward(client, author["token"], article, 2)[0] == 400  # not the author's own
    assert counters(article) == (1, 0, 0, 2)
    log = LogModel.get(reader["id"], article, consistent_read=True)
    assert (int(log.rewards), int(log.reward_total)) == (2, 105)


def test_an_article_made_private_refuses_behaviour_as_not_found(client):
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)["id"]
    read(client, reader["token"], article)
    status(client, reader["token"], article, "is_like")
    call(client, "PATCH", f"/article/{article}/", token=author["token"])  # public → private
    assert read(client, reader["token"], article)[0] == 404
    assert status(client, reader["token"], article, "is_like")[0] == 404
    assert status(client, reader["token"], article, "is_comment")[0] == 404
    assert reward(client, reader["token"], article, 2)[0] == 404
    assert counters(article) == (1, 1, 0, 0)
