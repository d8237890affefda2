"""Presigned uploads to the media bucket, posted over real HTTP to moto's S3 (which checks the form as S3 does)."""

from __future__ import annotations

import pytest
import requests

from chalicelib.core.settings import get_settings
from devstack.demo_images import png
from tests.factories import call, make_user

pytestmark = pytest.mark.usefixtures("services")
ORIGIN = "http://127.0.0.1:8080"


@pytest.fixture(scope="module")
def owner(services):
    return make_user()


def _form(client, token, **body):
    status, answer = call(
        client, "POST", "/uploads/", {"purpose": "article", "content_type": "image/png", **body}, token
    )
    assert status == 200, answer
    return answer


def _post(form, data: bytes, content_type: str = "image/png", **fields):
    files = {"file": ("photo.png", data, content_type)}
    return requests.post(form["url"], data={**form["fields"], **fields}, files=files, timeout=10)


def test_a_small_png_posted_with_the_form_is_stored_and_served_at_its_public_url(client, owner):
    form = _form(client, owner["token"])
    image = png(8, 8, (10, 20, 30))

    posted = _post(form, image)

    assert posted.status_code == 204, posted.text
    served = requests.get(form["public_url"], timeout=10)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/png"
    assert served.content == image


def test_the_key_lies_under_the_callers_own_prefix_and_is_new_each_time(client, owner):
    first, second = _form(client, owner["token"]), _form(client, owner["token"], purpose="avatar")

    assert first["key"].startswith(f"u/{owner['id']}/article/") and first["key"].endswith(".png")
    assert second["key"].startswith(f"u/{owner['id']}/avatar/")
    assert first["fields"]["key"] == first["key"] and first["public_url"].endswith("/" + first["key"])


def test_a_form_cannot_write_another_users_key(client, owner):
    other = make_user()
    form = _form(client, owner["token"])
    victim_key = _form(client, other["token"])["key"]

    posted = _post(form, png(4, 4, (1, 2, 3)), key=victim_key)

    assert posted.status_code == 403
    assert requests.get(form["public_url"].replace(form["key"], victim_key), timeout=10).status_code in (403, 404)


def test_a_file_over_the_size_limit_is_refused_by_the_bucket(client, owner, settings):
    settings.upload_max_bytes = 1024
    form = _form(client, owner["token"])

    posted = _post(form, b"\x89PNG" + b"\x00" * 2000)

    assert posted.status_code == 400 and "EntityTooLarge" in posted.text
    assert requests.get(form["public_url"], timeout=10).status_code in (403, 404)


def test_a_declared_size_over_the_limit_is_a_400_naming_size(client, owner):
    status, body = call(
        client,
        "POST",
        "/uploads/",
        {"purpose": "avatar", "content_type": "image/png", "size": 50 * 1024 * 1024},
        owner["token"],
    )

    assert status == 400 and [e["field"] for e in body["errors"]] == ["size"]


def test_another_content_type_than_the_form_names_is_refused(client, owner):
    form = _form(client, owner["token"])

    posted = _post(form, b"<script>alert(1)</script>", "text/html", **{"Content-Type": "text/html"})

    assert posted.status_code == 403
    assert requests.get(form["public_url"], timeout=10).status_code in (403, 404)


def test_only_image_types_and_known_purposes_are_offered(client, owner):
    body = {"purpose": "banner", "content_type": "image/svg+xml"}

    status, answer = call(client, "POST", "/uploads/", body, owner["token"])

    assert status == 400 and {e["field"] for e in answer["errors"]} == {"purpose", "content_type"}


def test_an_upload_form_needs_a_logged_in_user(client):
    status, body = call(client, "POST", "/uploads/", {"purpose": "avatar", "content_type": "image/png"})

    assert status == 401 and body["code"] == "4101"


def test_the_bucket_answers_a_preflight_from_an_allowed_origin_only(client, owner):
    url = _form(client, owner["token"])["url"]
    asked = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}

    allowed = requests.options(url, headers={"Origin": ORIGIN, **asked}, timeout=10)
    refused = requests.options(url, headers={"Origin": "http://evil.example", **asked}, timeout=10)

    assert allowed.status_code == 200 and allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
    # moto echoes any Origin even on a refusal; a browser fails any preflight that is not a 2xx, as S3's 403 is.
    assert refused.status_code == 403


def test_the_post_answer_is_readable_by_an_allowed_origin(client, owner):
    form = _form(client, owner["token"])

    posted = requests.post(
        form["url"],
        data=form["fields"],
        files={"file": ("a.png", png(4, 4, (9, 9, 9)), "image/png")},
        headers={"Origin": ORIGIN},
        timeout=10,
    )

    assert posted.status_code == 204 and posted.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert get_settings().media_base_url and form["public_url"].startswith(get_settings().media_base_url)


def test_an_uploaded_avatar_becomes_the_users_and_its_url_loads(client, owner):
    form = _form(client, owner["token"], purpose="avatar")
    assert _post(form, png(6, 6, (200, 10, 10))).status_code == 204

    status, body = call(client, "PUT", "/info/avatar/", {"key": form["key"]}, owner["token"])

    assert status == 200 and body["avatar"] == form["public_url"]
    _, info = call(client, "GET", "/info/", token=owner["token"])
    assert info["info_data"]["avatar"] == form["public_url"]
    assert requests.get(info["info_data"]["avatar"], timeout=10).headers["Content-Type"] == "image/png"


def test_an_avatar_must_be_the_callers_own_avatar_upload(client, owner):
    other = make_user()
    theirs = _form(client, other["token"], purpose="avatar")["key"]
    article = _form(client, owner["token"])["key"]

    for key in (theirs, article, "media/avatar/demo1.png", f"u/{owner['id']}/avatar/../x.png"):
        status, body = call(client, "PUT", "/info/avatar/", {"key": key}, owner["token"])
        assert status == 400 and [e["field"] for e in body["errors"]] == ["key"], key
