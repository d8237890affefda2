"""Articles show their author's avatar: copied onto the article when it is written and published, so no read
of any feed list or article page asks the users table for it."""

from __future__ import annotations

import secrets

import pytest

from chalicelib.core.clients import get_redis
from chalicelib.core.links import media_url
from chalicelib.feed.reading import hot
from tests.counting import count_dynamodb
from tests.factories import call, follow, make_article, make_user
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services")


def _set_avatar(client, user: dict) -> str:
    """An avatar key of the user's own (what POST /uploads/ names), made theirs by PUT /info/avatar/."""
    key = f"u/{user['id']}/avatar/{secrets.token_hex(16)}.png"
    status, body = call(client, "PUT", "/info/avatar/", {"key": key}, user["token"])
    assert status == 200, body
    return key


def _avatar(item: dict) -> str | None:
    return item["user"]["avatar"]


def test_an_article_shows_its_authors_avatar_in_every_list_without_reading_users(client):
    # Given an author with an avatar, followed by a reader, who publishes an article
    author, reader = make_user(), make_user()
    url = media_url(_set_avatar(client, author))
    follow(client, reader["token"], author["id"])
    article_id = make_article(client, author["token"], publish=True)["id"]
    consume("feed-fanout", "feed_fanout_consumer", max_batches=50)
    hot.forget(get_redis())
    hot.ranking(get_redis())  # cached, as in steady state

    # When the article page, the home feed, the timeline, the unread pool and the hot list are read
    status, page = call(client, "GET", f"/article/{article_id}/retrieve/")
    with count_dynamodb() as dynamodb:
        home = call(client, "GET", "/push/article/?size=1", token=reader["token"])[1]
    timeline = call(client, "GET", "/timeline/?size=5", token=reader["token"])[1]
    synced = call(client, "GET", "/timeline/sync/?size=5", token=reader["token"])[1]
    hot_items = call(client, "GET", "/article/hot/?page=1&size=50")[1]["results"]

    # Then each shows the avatar's URL, and the home feed (a page of follow posts) read no user
    assert status == 200 and _avatar(page) == url
    assert [(i["id"], _avatar(i)) for i in home["results"] if i["id"] == article_id] == [(article_id, url)]
    assert dynamodb.operations == ["Query", "BatchGetItem", "BatchWriteItem"]
    assert [_avatar(i) for i in timeline["results"] if i["id"] == article_id] == [url]
    assert [_avatar(e["article"]) for e in synced["results"] if e["article"]["id"] == article_id] == [url]
    assert [_avatar(i) for i in hot_items if i["id"] == article_id] == [url]


def test_a_changed_avatar_shows_on_what_the_author_publishes_next(client):
    # Given an article published with a first avatar, a draft, and then a new avatar
    author = make_user()
    first = media_url(_set_avatar(client, author))
    earlier = make_article(client, author["token"], publish=True)
    draft = make_article(client, author["token"])
    second = media_url(_set_avatar(client, author))

    # When the draft is published
    status, body = call(client, "PATCH", f"/article/{draft['id']}/", token=author["token"])

    # Then it shows the new avatar; the earlier article keeps the one it was published with
    assert (earlier["user"]["avatar"], draft["user"]["avatar"]) == (first, first)
    assert status == 200 and _avatar(body["article"]) == second
    assert _avatar(call(client, "GET", f"/article/{earlier['id']}/retrieve/")[1]) == first


def test_an_author_without_an_avatar_shows_null(client):
    author = make_user()
    article = make_article(client, author["token"], publish=True)
    assert _avatar(call(client, "GET", f"/article/{article['id']}/retrieve/")[1]) is None


def test_an_article_shows_its_authors_renran_nickname_copied_at_publish(client):
    # Given a user who registered through renran's page with a nickname (stored on the user item)
    from chalicelib.users import accounts
    from chalicelib.users.tables import UserModel

    author = make_user()
    UserModel(author["id"]).update(actions=[UserModel.nickname.set("简书作者")])
    accounts.forget(author["id"])
    # When they publish, then the article page and the hot list name them by that nickname
    article_id = make_article(client, author["token"], publish=True)["id"]
    page = call(client, "GET", f"/article/{article_id}/retrieve/")[1]
    assert page["user"]["nickname"] == "简书作者", page
    hot.forget(get_redis())
    listed = call(client, "GET", "/article/hot/?size=50")[1]["results"]
    assert [a["user"]["nickname"] for a in listed if a["id"] == article_id] == ["简书作者"]
