"""Media uploads as an attacker uses them: many forms from one account, keys that are not quite the caller's own."""

from __future__ import annotations

import pytest
import requests

from tests.factories import call, make_user

pytestmark = pytest.mark.usefixtures("services")
UPLOAD = {"purpose": "article", "content_type": "image/png"}


def test_one_user_gets_at_most_the_hourly_number_of_upload_forms(client, settings):
    # Given a limit of 3 forms an hour: each form may store an object, so more would let one account fill the bucket
    settings.upload_limit_per_user_hour = 3
    user, other = make_user(), make_user()

    answers = [call(client, "POST", "/uploads/", UPLOAD, user["token"]) for _ in range(4)]

    assert [status for status, _ in answers] == [200, 200, 200, 429]
    assert answers[-1][1]["code"] == "4002"
    # the limit is the user's own: another account still gets its form
    assert call(client, "POST", "/uploads/", UPLOAD, other["token"])[0] == 200


def test_a_refused_upload_form_says_when_to_ask_again(client, settings):
    settings.upload_limit_per_user_hour = 1
    user = make_user()
    call(client, "POST", "/uploads/", UPLOAD, user["token"])

    response = client.http.post(
        "/uploads/",
        body=b'{"purpose": "avatar", "content_type": "image/png"}',
        headers={"Authorization": f"Bearer {user['token']}", "Content-Type": "application/json"},
    )

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 3600


@pytest.mark.parametrize(
    "shape",
    [
        "u/0{id}/avatar/{hex}.png",  # the same number, another S3 key: the caller can never have uploaded it
        "https://evil.example/u/{id}/avatar/{hex}.png",
        "javascript:alert(1)//u/{id}/avatar/{hex}.png",
        "/u/{id}/avatar/{hex}.png",
        "u/{id}/avatar/{hex}.png?x=1",
        "u/{id}/avatar/{hex}.svg",
    ],
)
def test_an_avatar_key_that_only_looks_like_the_callers_is_a_400_naming_key(client, shape):
    user = make_user()
    key = shape.format(id=user["id"], hex="ab" * 16)

    status, body = call(client, "PUT", "/info/avatar/", {"key": key}, user["token"])

    assert status == 400 and [e["field"] for e in body["errors"]] == ["key"], key
    _, info = call(client, "GET", "/info/", token=user["token"])
    assert info["info_data"]["avatar"] is None


def test_a_form_posted_without_a_file_stores_nothing(client):
    # moto alone would store the last field's name as the object; S3 refuses a POST without exactly one file.
    form = call(client, "POST", "/uploads/", UPLOAD, make_user()["token"])[1]

    posted = requests.post(form["url"], data={**form["fields"], "x-ignore-pad": "x" * 64}, timeout=10)

    assert posted.status_code == 400 and "InvalidArgument" in posted.text
    assert requests.get(form["public_url"], timeout=10).status_code in (403, 404)
