"""Payment routes through the Chalice test client: who may pay what, and what is refused with which field.

The end-to-end flows (pay pages, notifications over HTTP, races) are in tests/e2e/test_payments.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from chalicelib.orders.tables import OrderModel
from chalicelib.payments import repository as payments
from chalicelib.payments.models import Status
from chalicelib.payments.settings import AlipaySettings, get_alipay_settings
from devstack import alipay_keys
from tests.factories import call, fill_cart, make_address, make_article, make_skus, make_user

pytestmark = pytest.mark.usefixtures("services", "no_order_schedules_left")
APP_KEY = alipay_keys.new_private_key()
ALIPAY_KEY = alipay_keys.new_private_key()
APP_ID = "2021000000000042"


@pytest.fixture(autouse=True)
def alipay_settings() -> Iterator[AlipaySettings]:
    """The app's Alipay settings with this module's keys; whatever a test changes is restored."""
    live = get_alipay_settings()
    saved = live.model_dump()
    keys = {"alipay_app_private_key": APP_KEY, "alipay_public_key": alipay_keys.public_key_of(ALIPAY_KEY)}
    for name, value in {**keys, "alipay_app_id": APP_ID}.items():
        setattr(live, name, value)
    yield live
    for name, value in saved.items():
        setattr(live, name, value)


def _order(client: Any, category: int, pay_method: int = 2) -> tuple[dict[str, Any], str]:
    (sku,) = make_skus(category, {"stock": 5, "price": "8.00"})
    buyer = make_user()
    fill_cart(buyer["id"], {sku: 1})
    status, body = call(
        client,
        "POST",
        "/orders/commit/",
        {"address_id": make_address(buyer["id"]), "pay_method": pay_method},
        buyer["token"],
    )
    assert status == 200, body
    return buyer, str(body["order_id"])


def _post_form(client: Any, path: str, fields: dict[str, str], content_type: str) -> tuple[int, str]:
    response = client.http.post(path, headers={"Content-Type": content_type}, body=urlencode(fields).encode())
    return response.status_code, response.body.decode()


def _signed(params: dict[str, str]) -> dict[str, str]:
    return {**params, "sign_type": "RSA2", "sign": alipay_keys.sign(params, ALIPAY_KEY)}


def test_only_the_buyer_gets_the_pay_url_of_an_unpaid_alipay_order(client, category):
    buyer, order_id = _order(client, category)
    status, body = call(client, "GET", f"/orders/{order_id}/payment/", token=buyer["token"])
    assert status == 200 and body["alipay_url"].startswith(get_alipay_settings().alipay_gateway + "?")
    assert call(client, "GET", f"/payment/{order_id}/", token=make_user()["token"])[0] == 404
    assert call(client, "GET", f"/payment/{order_id}/")[0] == 401
    payment = payments.get(order_id)
    assert payment is not None and payment.status == Status.PENDING and str(payment.amount) == "18.00"


def test_a_cash_order_or_a_cancelled_one_gets_no_pay_url(client, category):
    buyer, cash = _order(client, category, pay_method=1)
    assert call(client, "GET", f"/payment/{cash}/", token=buyer["token"])[0] == 409
    buyer, order_id = _order(client, category)
    assert call(client, "PUT", f"/orders/{order_id}/cancel/", token=buyer["token"])[0] == 200
    assert call(client, "GET", f"/payment/{order_id}/", token=buyer["token"])[0] == 409


def test_the_notify_route_takes_a_form_and_refuses_json_naming_the_content_type(client, category):
    status, body = _post_form(client, "/payments/alipay/notify/", {"a": "1"}, "application/json")
    assert status == 415 and json.loads(body)["errors"][0]["field"] == "Content-Type"


def test_a_notice_that_nothing_was_paid_is_acknowledged_and_changes_nothing(client, category):
    buyer, order_id = _order(client, category)
    call(client, "GET", f"/payment/{order_id}/", token=buyer["token"])
    notice = {"app_id": APP_ID, "out_trade_no": order_id, "trade_no": "2099", "total_amount": "18.00"}
    status, answer = _post_form(
        client,
        "/payments/alipay/notify/",
        _signed({**notice, "trade_status": "WAIT_BUYER_PAY"}),
        "application/x-www-form-urlencoded",
    )
    assert (status, answer) == (200, "success")
    assert int(OrderModel.get(buyer["id"], order_id, consistent_read=True).status) == 1


def test_a_return_not_signed_by_alipay_is_refused_naming_the_field(client, category):
    buyer, order_id = _order(client, category)
    call(client, "GET", f"/payment/{order_id}/", token=buyer["token"])
    fields = {"app_id": APP_ID, "out_trade_no": order_id, "trade_no": "2099", "total_amount": "18.00"}
    forged = {**fields, "sign_type": "RSA2", "sign": alipay_keys.sign(fields, APP_KEY)}
    status, body = call(client, "PUT", f"/payment/status/?{urlencode(forged)}")
    assert (status, body["errors"][0]["field"]) == (400, "sign")
    status, body = call(client, "PUT", f"/payment/status/?{urlencode(_signed({**fields, 'total_amount': '1.00'}))}")
    assert (status, body["errors"][0]["field"]) == (400, "total_amount")
    status, body = call(client, "PUT", "/payment/status/?out_trade_no=1")
    assert status == 400 and {e["field"] for e in body["errors"]} >= {"sign", "trade_no", "total_amount", "app_id"}


def test_a_reward_on_ones_own_or_an_unread_article_is_refused_and_an_unknown_one_has_no_status(client):
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)
    own = call(client, "POST", "/payments/alipay/", {"article_id": article["id"], "money": 2}, author["token"])
    unread = call(client, "POST", "/payments/alipay/", {"article_id": article["id"], "money": 2}, reader["token"])
    odd = call(client, "POST", "/payments/alipay/", {"article_id": article["id"], "money": 3}, reader["token"])
    assert [(s, b["errors"][0]["field"]) for s, b in (own, unread, odd)] == [
        (400, "article_id"),
        (400, "article_id"),
        (400, "money"),
    ]
    status, body = call(client, "GET", "/payments/alipay/result/?out_trade_no=R0")
    assert (status, body["errors"][0]["field"]) == (400, "out_trade_no")


def test_a_pending_reward_reports_unpaid_until_alipay_notifies(client):
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)
    assert call(client, "GET", f"/article/log/{article['id']}/read/", token=reader["token"])[0] == 200
    status, body = call(
        client, "POST", "/payments/alipay/", {"article_id": article["id"], "money": 10}, reader["token"]
    )
    assert status == 200 and body["out_trade_no"].startswith("R")
    assert body["url"] == body["pay_url"]  # the renran page opens `url`
    status, result = call(client, "GET", f"/payments/alipay/result/?out_trade_no={body['out_trade_no']}")
    assert (status, result["status"]) == (200, False)


def test_without_alipays_public_key_payments_answer_503(client, category, alipay_settings):
    alipay_settings.alipay_public_key = ""
    buyer, order_id = _order(client, category)
    assert call(client, "GET", f"/payment/{order_id}/", token=buyer["token"])[0] == 503


def test_the_pay_stand_in_is_refused_in_a_deployed_stage(client, category, monkeypatch):
    buyer, order_id = _order(client, category)
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "shop-api")
    assert call(client, "PUT", f"/orders/{order_id}/pay/", token=buyer["token"])[0] == 404
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME")
    assert call(client, "PUT", f"/orders/{order_id}/pay/", token=buyer["token"])[0] == 200
