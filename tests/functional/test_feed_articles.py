"""Articles: drafts and privacy, the publish toggle, timed publishing by schedule and sweeper, input errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.core import queues
from chalicelib.core.clients import aws_client
from chalicelib.core.schedules import physical_name
from chalicelib.feed.articles import repository as articles
from chalicelib.feed.articles import timed
from chalicelib.feed.fanout import inboxes as inbox
from chalicelib.feed.fanout import messages
from tests.factories import call, follow, make_article, make_user
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services")


def drain() -> int:
    return consume("feed-fanout", "feed_fanout_consumer", max_batches=50)


def schedule_of(article_id: int) -> dict | None:
    scheduler = aws_client("scheduler")
    try:
        return dict(scheduler.get_schedule(Name=physical_name(timed.schedule_name(article_id)), GroupName="default"))
    except scheduler.exceptions.ResourceNotFoundException:
        return None


def retrieve(client, article_id: int, token: str | None = None) -> tuple[int, dict]:
    return call(client, "GET", f"/article/{article_id}/retrieve/", token=token)


def test_a_draft_is_private_to_its_author_until_published(client):
    author, other = make_user(), make_user()
    status, body = call(client, "POST", "/article/", {"title": " Hello ", "content": "c"}, author["token"])
    assert status == 201
    article = body["article"]
    assert (article["title"], article["status"], article["is_public"], article["pub_date"]) == (
        "Hello",
        "private",
        False,
        None,
    )
    assert article["user"] == {"id": author["id"], "username": author["username"], "nickname": None, "avatar": None}
    assert retrieve(client, article["id"], author["token"])[0] == 200
    assert retrieve(client, article["id"], other["token"])[0] == 404
    assert retrieve(client, article["id"])[0] == 404
    # Published, anyone may read it; the toggle is the author's only
    assert call(client, "PATCH", f"/article/{article['id']}/", token=other["token"])[0] == 404
    status, body = call(client, "PATCH", f"/article/{article['id']}/", token=author["token"])
    assert (status, body["article"]["status"]) == (200, "public") and body["article"]["pub_date"]
    assert retrieve(client, article["id"])[1]["id"] == article["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": "c"}, "title"),
        ({"title": "", "content": "c"}, "title"),
        ({"title": "t", "content": 5}, "content"),
        ({"title": "t" * 151, "content": "c"}, "title"),
    ],
)
def test_a_bad_draft_is_400_naming_the_field(client, body, field):
    status, answer = call(client, "POST", "/article/", body, make_user()["token"])
    assert (status, answer["code"]) == (400, "4003")
    assert field in [e["field"] for e in answer["errors"]]


@pytest.mark.parametrize("pub_date", ["yesterday", "2020-01-01 10:00:00", 20300101, "2999-01-01 00:00:00"])
def test_a_bad_publish_time_is_400_naming_pub_date(client, pub_date):
    author = make_user()
    article = make_article(client, author["token"])
    status, body = call(client, "PATCH", f"/article/{article['id']}/interval/", {"pub_date": pub_date}, author["token"])
    assert (status, [e["field"] for e in body.get("errors", [])]) == (400, ["pub_date"])


def test_timed_publishing_creates_a_one_time_schedule_at_the_utc_time(client, settings):
    # Given a draft and a publish time written in business time, without offset (as the renran client sends it)
    author = make_user()
    article = make_article(client, author["token"])
    local = (datetime.now(ZoneInfo(settings.business_timezone)) + timedelta(hours=2)).replace(microsecond=0)
    text = local.strftime("%Y-%m-%d %H:%M:%S")
    # When the author times it
    status, body = call(client, "PATCH", f"/article/{article['id']}/interval/", {"pub_date": text}, author["token"])
    # Then it is timed and Scheduler holds a one-time schedule at that instant in UTC, targeting the fan-out queue
    assert (status, body["article"]["status"]) == (200, "timed")
    assert body["article"]["pub_date"] == local.isoformat()
    schedule = schedule_of(article["id"])
    assert schedule is not None
    assert schedule["ScheduleExpression"] == f"at({local.astimezone(UTC):%Y-%m-%dT%H:%M:%S})"
    assert schedule["ScheduleExpressionTimezone"] == "UTC"
    assert schedule["ActionAfterCompletion"] == "DELETE"
    assert schedule["Target"]["Arn"] == queues.queue_arn(messages.QUEUE)
    assert schedule["Target"]["RoleArn"] == settings.scheduler_role_arn
    message = json.loads(schedule["Target"]["Input"])
    assert (message["kind"], message["article_id"], message["timed"]) == ("publish", article["id"], True)
    # And toggling a timed article cancels the timing and its schedule
    status, body = call(client, "PATCH", f"/article/{article['id']}/", token=author["token"])
    assert (status, body["article"]["status"]) == (200, "private")
    assert schedule_of(article["id"]) is None


def _timed(client, author: dict, ahead: timedelta) -> tuple[dict, datetime]:
    article = make_article(client, author["token"])
    due = (datetime.now(UTC) + ahead).replace(microsecond=0)
    status, body = call(
        client, "PATCH", f"/article/{article['id']}/interval/", {"pub_date": due.isoformat()}, author["token"]
    )
    assert status == 200, body
    return article, due


def test_the_sweeper_publishes_a_due_article_once_and_nothing_before_its_time(client):
    # Given B following A and A's article timed an hour ahead
    a, b = make_user(), make_user()
    follow(client, b["token"], a["id"])
    article, due = _timed(client, a, timedelta(hours=1))
    drain()
    # When the sweeper runs before the time: nothing happens
    assert article["id"] not in timed.sweep(due - timedelta(seconds=1))
    assert articles.ArticleModel.get(article["id"]).status == "timed"
    # When it runs at the time, twice: the article is published once, its schedule is gone
    assert article["id"] in timed.sweep(due)
    assert article["id"] not in timed.sweep(due + timedelta(minutes=1))
    assert articles.ArticleModel.get(article["id"]).status == "public"
    assert schedule_of(article["id"]) is None
    # Then the follower gets it once
    drain()
    assert [e.article_id for e in inbox.after(b["id"], 0, 10)] == [article["id"]]


def test_a_schedule_firing_twice_publishes_once(client):
    # Given B following A and A's article timed ahead
    a, b = make_user(), make_user()
    follow(client, b["token"], a["id"])
    article, _ = _timed(client, a, timedelta(minutes=10))
    drain()
    # When Scheduler delivers its message twice (it delivers at least once)
    schedule = schedule_of(article["id"])
    assert schedule is not None
    body = schedule["Target"]["Input"]
    sqs = aws_client("sqs")
    for _ in range(2):
        sqs.send_message(QueueUrl=queues.queue_url(messages.QUEUE), MessageBody=body)
    timed.unschedule(article["id"])  # as Scheduler does after firing (ActionAfterCompletion=DELETE)
    drain()
    # Then it is public, with one entry in B's inbox
    stored = articles.ArticleModel.get(article["id"])
    assert (stored.status, stored.feed_key) == ("public", messages.PublishMessage.model_validate_json(body).feed_key)
    assert [e.article_id for e in inbox.after(b["id"], 0, 10)] == [article["id"]]
