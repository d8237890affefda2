"""Images against the running stack (`make run`): the demo's load from the bucket, and an upload lands and loads."""

from __future__ import annotations

import urllib.request
import uuid

import pytest
import requests

from devstack.demo_images import png
from tests.e2e.conftest import DEMO_PASSWORD, LocalStack

pytestmark = pytest.mark.e2e


def _load(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


def test_the_home_banners_images_load(stack: LocalStack):
    status, body = stack.request("GET", "/home/banner/")

    assert status == 200 and body["result"]
    for banner in body["result"]:
        assert _load(banner["image"])[:2] == (200, "image/png"), banner


def test_a_demo_skus_image_loads(stack: LocalStack):
    status, body = stack.request("GET", "/skus/1/")

    assert status == 200
    assert _load(body["sku"]["default_image_url"])[:2] == (200, "image/png")


def test_a_user_uploads_an_avatar_through_the_presigned_form_and_it_loads(stack: LocalStack):
    _, login = stack.request("POST", "/authorizations/", {"username": "demo2", "password": DEMO_PASSWORD})
    asked = {"purpose": "avatar", "content_type": "image/png"}
    status, form = stack.request("POST", "/uploads/", asked, login["token"])
    assert status == 200, form
    image = png(5, 7, (uuid.uuid4().int % 256, 90, 90))

    posted = requests.post(form["url"], data=form["fields"], files={"file": ("a.png", image, "image/png")}, timeout=10)
    status, body = stack.request("PUT", "/info/avatar/", {"key": form["key"]}, login["token"])

    assert posted.status_code == 204 and status == 200
    assert _load(body["avatar"]) == (200, "image/png", image)
