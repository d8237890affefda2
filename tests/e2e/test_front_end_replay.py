"""The course front-ends' own calls, replayed against the running stack from their pages' origin.

Each project's pages are walked in the order a user goes through them (`tests/e2e/front_end_calls/`): every call
must pass its preflight, answer with its documented status and CORS headers the page can read through, and hold
every field the page reads. The fields missing anywhere are listed together, so one run shows them all.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, LocalStack
from tests.e2e.front_end_calls import luffy, meiduo, meiduo_orders, renran, renran_users, renran_writer
from tests.e2e.replay import Page

pytestmark = pytest.mark.e2e


def _mobile() -> str:
    return "136" + "".join(secrets.choice("0123456789") for _ in range(8))


def _page(stack: LocalStack) -> Page:
    return Page(stack.base_url, lambda: stack.outbox("sms"), stack.captcha_ticket)


def _token(stack: LocalStack, username: str) -> dict[str, Any]:
    status, body = stack.request("POST", "/authorizations/", {"username": username, "password": DEMO_PASSWORD})
    assert status == 200, body
    return body


def test_meiduo_pages_get_every_field_they_read(stack: LocalStack):
    # Given a shopper who browses and fills the cart before registering, as the front_end_pc pages let them
    mobile = _mobile()
    state: dict[str, Any] = {"username": f"shop{mobile[-8:]}", "mobile": mobile, "password": "shopper-pass-1"}
    steps = [*meiduo.BROWSE, *meiduo.REGISTER, *meiduo.ACCOUNT, *meiduo.AREAS]
    # When every page's call is replayed in order
    missing = _page(stack).walk([*steps, *meiduo_orders.ADDRESSES, *meiduo_orders.ORDERS], state)
    # Then every field the pages read was there
    assert not missing, "\n".join(missing)
    assert str(state["order_id"]).isdigit()


def test_luffy_pages_get_every_field_they_read(stack: LocalStack):
    # Given a flash sale opened by staff, and a buyer with a default address (the sale's order ships there)
    sku_id = 1
    admin = _token(stack, "admin")["token"]
    assert stack.request("POST", f"/admin/sckill/{sku_id}/", {"quantity": 5}, admin)[0] in (200, 201)
    buyer = _token(stack, "demo4")["token"]
    province = stack.request("GET", "/areas/")[1]["province_list"][0]["id"]
    city = stack.request("GET", f"/areas/?area_id={province}")[1]["sub_data"]["subs"][0]["id"]
    district = stack.request("GET", f"/areas/?area_id={city}")[1]["sub_data"]["subs"][0]["id"]
    form = {"receiver": "Buyer", "province_id": province, "city_id": city, "district_id": district}
    status, body = stack.request("POST", "/addresses/create/", {**form, "place": "2 Road", "mobile": _mobile()}, buyer)
    assert status == 201, body
    assert stack.request("PUT", f"/addresses/{body['address']['id']}/default/", None, buyer)[0] == 200
    state: dict[str, Any] = {"token": buyer, "sku_id": sku_id, "luffy_mobile": _mobile()}
    # When the pages' calls are replayed, then every field they read was there and the sale's task ended
    missing = _page(stack).walk(luffy.STEPS, state)
    assert not missing, "\n".join(missing)


def test_renran_pages_get_every_field_they_read(stack: LocalStack):
    # Given a demo reader who follows other demo authors, and a time ahead as the renran client writes it
    ahead = datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(hours=2)
    state: dict[str, Any] = {"reader": "demo5", "password": DEMO_PASSWORD, "pub_date": f"{ahead:%Y-%m-%d %H:%M:%S}"}
    steps = [*renran.HOME, *renran.ARTICLE_PAGE, *renran_writer.WRITER, *renran_writer.READER]
    # When the pages' calls are replayed, then every field they read was there (the authors' avatars included)
    missing = _page(stack).walk(steps, state)
    assert not missing, "\n".join(missing)


def test_renran_user_pages_get_every_field_they_read(stack: LocalStack):
    # Given a mobile nobody has, as a visitor to renran's register page types it (the stand-in solves the captcha)
    state: dict[str, Any] = {"renran_mobile": _mobile(), "renran_password": "renran-pass-1"}
    # When register, login, find-password and the QQ button are replayed, then each answered what the page reads
    missing = _page(stack).walk(renran_users.PAGES, state)
    assert not missing, "\n".join(missing)
