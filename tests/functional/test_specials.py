"""Specials (专题): staff create them and name their managers; a manager lists theirs as a bare list with whether an
article is in each, and adds public articles (once); everyone else gets envelopes: 401, 403, 404, 409, 400."""

from __future__ import annotations

import uuid

import pytest

from chalicelib.specials import repository
from tests.counting import count_dynamodb
from tests.factories import call, make_article, make_user

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture(scope="module")
def staff(services):
    return make_user(is_staff=True)["token"]


def _special(client, staff: str, managers: list[int], **fields) -> dict:
    body = {"name": f"专题{uuid.uuid4().hex[:6]}", "image": "media/special/s.png", "managers": managers, **fields}
    status, answer = call(client, "POST", "/admin/specials/", body, staff)
    assert status == 201, answer
    return dict(answer["special"])


def _mine(client, token: str, article_id: int) -> list[dict]:
    status, body = call(client, "GET", f"/article/special/?article_id={article_id}", token=token)
    assert status == 200 and isinstance(body, list), body  # the bare list renran's writer page reads
    return body


def _post(client, token: str, article_id: int, special_id: int) -> tuple[int, dict]:
    return call(client, "POST", "/article/post/", {"article_id": article_id, "special_id": special_id}, token)


def test_a_manager_lists_their_specials_and_adds_a_public_article_once(client, staff):
    # Given two specials the manager manages and one they do not
    manager, author = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)
    first = _special(client, staff, [manager["id"]])
    second = _special(client, staff, [manager["id"], author["id"]])
    _special(client, staff, [author["id"]])
    # When the writer page asks which of their specials hold the article
    with count_dynamodb() as dynamodb:
        listed = _mine(client, manager["token"], article["id"])
    # Then both of theirs, by id, in the seed's shape, none holding it yet: one index Query and one batch
    assert dynamodb.operations == ["Query", "BatchGetItem"]
    assert [s["id"] for s in listed] == [first["id"], second["id"]]
    assert set(listed[0]) == {"id", "name", "image", "post_status"}
    assert listed[0]["image"].endswith("/media/special/s.png") and listed[0]["post_status"] is False
    # When they add the article to the second, twice
    status, answer = _post(client, manager["token"], article["id"], second["id"])
    assert (status, answer["detail"], answer["post_status"]) == (200, "added to the special", True)
    status, answer = _post(client, manager["token"], article["id"], second["id"])
    assert (status, answer["detail"]) == (200, "already in the special")
    # Then it is in the second only, counted once
    assert [s["post_status"] for s in _mine(client, manager["token"], article["id"])] == [False, True]
    assert repository.get(second["id"]).article_count == 1  # type: ignore[union-attr]


def test_only_a_manager_adds_and_only_public_articles(client, staff):
    manager, other = make_user(), make_user()
    special = _special(client, staff, [manager["id"]])
    public = make_article(client, other["token"], publish=True)
    # Not a manager of it: 404, nothing added
    status, answer = _post(client, other["token"], public["id"], special["id"])
    assert (status, answer["code"]) == (404, "4404")
    assert _post(client, manager["token"], public["id"], 999_999_999_999)[0] == 404
    # Another author's private article is not found; the manager's own draft must be published first
    assert _post(client, manager["token"], make_article(client, other["token"])["id"], special["id"])[0] == 404
    status, answer = _post(client, manager["token"], make_article(client, manager["token"])["id"], special["id"])
    assert (status, answer["code"]) == (409, "4409")
    assert _post(client, manager["token"], 999_999_999_999, special["id"])[0] == 404
    assert repository.get(special["id"]).article_count == 0  # type: ignore[union-attr]
    # Someone managing nothing gets an empty list
    assert _mine(client, other["token"], public["id"]) == []


def test_staff_change_the_managers_and_the_change_takes_effect(client, staff):
    old, new = make_user(), make_user()
    special = _special(client, staff, [old["id"]])
    article = make_article(client, new["token"], publish=True)
    body = {"name": "改名", "image": "https://cdn.example/s.png", "managers": [new["id"], new["id"]]}
    status, answer = call(client, "PUT", f"/admin/specials/{special['id']}/", body, staff)
    assert (status, answer["special"]["managers"], answer["special"]["name"]) == (200, [new["id"]], "改名")
    assert _mine(client, old["token"], article["id"]) == []
    assert _post(client, old["token"], article["id"], special["id"])[0] == 404
    [listed] = _mine(client, new["token"], article["id"])
    assert (listed["name"], listed["image"]) == ("改名", "https://cdn.example/s.png")
    assert _post(client, new["token"], article["id"], special["id"])[0] == 200
    status, body = call(client, "GET", "/admin/specials/", token=staff)
    mine = next(s for s in body["specials"] if s["id"] == special["id"])
    assert status == 200 and (mine["article_count"], mine["managers"]) == (1, [new["id"]])


def test_a_change_made_meanwhile_is_refused_not_lost(client, staff):
    first, second = make_user(), make_user()
    special = _special(client, staff, [first["id"]])
    stale = repository.get(special["id"])
    assert stale is not None
    body = {"name": "n", "image": "media/s.png", "managers": [second["id"]]}
    assert call(client, "PUT", f"/admin/specials/{special['id']}/", body, staff)[0] == 200
    # A writer that read the special before that change must not undo it
    assert repository.change(stale, stale) is False
    assert call(client, "PUT", "/admin/specials/999999999999/", body, staff)[0] == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "image": "media/s.png", "managers": [1]}, "name"),
        ({"name": "n", "image": "javascript:alert(1)", "managers": [1]}, "image"),
        ({"name": "n", "image": "media/s.png", "managers": []}, "managers"),
        ({"name": "n", "image": "media/s.png", "managers": list(range(1, 22))}, "managers"),
        ({"name": "n", "image": "media/s.png", "managers": [999_999_999_999]}, "managers"),
        ({"name": "n", "image": "media/s.png", "managers": ["a"]}, "managers.0"),
    ],
)
def test_bad_staff_input_is_400_naming_the_field(client, staff, body, field):
    status, answer = call(client, "POST", "/admin/specials/", body, staff)
    assert (status, answer["code"], [e["field"] for e in answer["errors"]]) == (400, "4003", [field])


def test_bad_or_missing_input_is_an_envelope_naming_the_field(client):
    token = make_user()["token"]
    for query, field in (("", "article_id"), ("?article_id=x", "article_id"), ("?article_id=0", "article_id")):
        status, body = call(client, "GET", f"/article/special/{query}", token=token)
        assert (status, body["code"], [e["field"] for e in body["errors"]]) == (400, "4003", [field])
    status, body = call(client, "POST", "/article/post/", {"article_id": 1}, token)
    assert (status, [e["field"] for e in body["errors"]]) == (400, ["special_id"])


def test_specials_need_a_login_and_staff_writes_need_staff(client):
    status, body = call(client, "GET", "/article/special/?article_id=1")
    assert (status, body["code"]) == (401, "4101")
    assert call(client, "POST", "/article/post/", {"article_id": 1, "special_id": 1})[0] == 401
    user = make_user()
    body = {"name": "n", "image": "media/s.png", "managers": [user["id"]]}
    for method, path in [("GET", "/admin/specials/"), ("POST", "/admin/specials/"), ("PUT", "/admin/specials/1/")]:
        status, answer = call(client, method, path, body, user["token"])
        assert (status, answer["code"]) == (403, "4103"), path
