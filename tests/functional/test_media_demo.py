"""The demo data's images: every media key it names is a real image in the bucket, loadable over plain HTTP."""

from __future__ import annotations

import struct

import pytest
import requests

from devstack.demo import DEMO_USERS, ensure_user, load_images, set_avatars
from devstack.home_data import BANNERS, load_home
from tests.factories import call

pytestmark = pytest.mark.usefixtures("services")


@pytest.fixture(scope="module")
def demo(services):
    ids = {name: ensure_user(name, mobile, "demo-password-1", staff) for name, mobile, staff in DEMO_USERS}
    load_home()
    return ids, load_images(set_avatars(ids))


def _is_png(response: requests.Response) -> bool:
    body = response.content
    width, height = struct.unpack(">II", body[16:24]) if len(body) > 24 else (0, 0)
    return response.headers["Content-Type"] == "image/png" and body[:8] == b"\x89PNG\r\n\x1a\n" and width * height > 0


def test_every_demo_banner_image_loads_from_the_bucket(client, demo):
    status, body = call(client, "GET", "/home/banner/")
    titles = {title for title, *_ in BANNERS}
    shown = [b["image"] for b in body["result"] if b["title"] in titles]

    assert status == 200 and len(shown) == len(BANNERS)
    for url in shown:
        response = requests.get(url, timeout=10)
        assert response.status_code == 200 and _is_png(response), url


def test_every_demo_course_and_teacher_image_loads(client, demo):
    status, body = call(client, "GET", "/course/actual/?size=50")
    urls = {c["course_img"] for c in body["results"]} | {c["teacher"]["image"] for c in body["results"]}

    assert status == 200 and len(urls) >= 2
    for url in urls:
        assert _is_png(requests.get(url, timeout=10)), url


def test_demo_users_have_avatars_that_load(client, demo):
    ids, uploaded = demo
    status, body = call(client, "POST", "/authorizations/", {"username": "demo1", "password": "demo-password-1"})
    assert status == 200, body
    _, info = call(client, "GET", "/info/", token=body["token"])

    assert uploaded >= len(ids) + len(BANNERS)
    assert info["info_data"]["avatar"].endswith("/media/avatar/demo1.png")
    assert _is_png(requests.get(info["info_data"]["avatar"], timeout=10))
