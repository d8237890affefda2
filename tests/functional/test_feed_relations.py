"""Follows: the seed's focus status and toggle, counters kept in the same transaction, follower lists."""

from __future__ import annotations

import pytest

from chalicelib.feed.follows import repository as relations
from tests.factories import call, follow, make_user

pytestmark = pytest.mark.usefixtures("services")


def status_of(client, author_id: int, token: str | None) -> tuple[int, dict]:
    return call(client, "GET", f"/article/focus/?author_id={author_id}", token=token)


def test_focus_status_walks_through_its_four_answers(client):
    author, reader = make_user(), make_user()
    assert status_of(client, author["id"], None) == (
        200,
        {"code": "0", "errmsg": "OK", "status": -2, "detail": "not logged in"},
    )
    assert status_of(client, author["id"], author["token"])[1]["status"] == -1
    assert status_of(client, author["id"], reader["token"])[1]["status"] == 0
    assert follow(client, reader["token"], author["id"])["status"] == 1
    assert status_of(client, author["id"], reader["token"])[1]["status"] == 1
    assert follow(client, reader["token"], author["id"], status=1)["status"] == 0
    assert status_of(client, author["id"], reader["token"])[1]["status"] == 0


def test_following_twice_counts_once_and_unfollowing_twice_uncounts_once(client):
    author, reader = make_user(), make_user()
    for _ in range(2):
        assert follow(client, reader["token"], author["id"])["status"] == 1
    assert (int(relations.stats(author["id"]).followers), int(relations.stats(reader["id"]).followees)) == (1, 1)
    for _ in range(2):
        assert follow(client, reader["token"], author["id"], status=1)["status"] == 0
    assert (int(relations.stats(author["id"]).followers), int(relations.stats(reader["id"]).followees)) == (0, 0)


def test_following_yourself_is_400_and_an_unknown_author_404(client):
    user = make_user()
    status, body = call(client, "PUT", "/article/focus/", {"author_id": user["id"], "status": 0}, user["token"])
    assert (status, [e["field"] for e in body["errors"]]) == (400, ["author_id"])
    status, body = call(client, "PUT", "/article/focus/", {"author_id": 987654321, "status": 0}, user["token"])
    assert (status, body["code"]) == (404, "4404")
    assert status_of(client, 987654321, user["token"])[0] == 404
    assert call(client, "PUT", "/article/focus/", {"author_id": user["id"], "status": 0})[0] == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"author_id": "x", "status": 0}, "author_id"),
        ({"author_id": 5, "status": 2}, "status"),
        ({"status": 0}, "author_id"),
    ],
)
def test_a_bad_toggle_is_400_naming_the_field(client, body, field):
    status, answer = call(client, "PUT", "/article/focus/", body, make_user()["token"])
    assert (status, [e["field"] for e in answer["errors"]]) == (400, [field])


def test_followers_and_followees_page_by_cursor(client):
    # Given five followers of one author, one of whom also follows a second author
    author, other = make_user(), make_user()
    fans = [make_user() for _ in range(5)]
    for fan in fans:
        follow(client, fan["token"], author["id"])
    follow(client, fans[0]["token"], other["id"])
    # When the followers are read two at a time
    seen, cursor = [], None
    while True:
        query = f"?size=2&cursor={cursor}" if cursor else "?size=2"
        status, body = call(client, "GET", f"/users/{author['id']}/followers/{query}")
        assert status == 200 and body["count"] == 5
        seen += body["results"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    # Then every follower comes once, in id order, with their username
    assert seen == [{"id": f["id"], "username": f["username"]} for f in sorted(fans, key=lambda f: f["id"])]
    status, body = call(client, "GET", f"/users/{fans[0]['id']}/followees/")
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == sorted([author["id"], other["id"]])
    assert call(client, "GET", "/users/987654321/followers/")[0] == 404
    assert call(client, "GET", f"/users/{author['id']}/followers/?size=0")[0] == 400
