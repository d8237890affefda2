"""Alipay's notification as an attacker and as Alipay's protocol would send it: charsets, amounts, the seller, trade
numbers reused across payments, and a second trade for a payment already settled."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlencode

import pytest

from chalicelib.feed.articles.tables import ArticleModel
from chalicelib.orders import timeouts
from chalicelib.orders.tables import OrderModel
from chalicelib.payments import repository as payments
from chalicelib.payments import service
from chalicelib.payments.models import Status
from chalicelib.payments.settings import AlipaySettings
from chalicelib.users import transactions as users
from devstack import alipay_keys
from devstack.catalogue_factories import stock_and_sales
from tests.factories import call, fill_cart, make_address, make_article, make_skus, make_user
from tests.functional.test_payments import ALIPAY_KEY, APP_ID, _order, _post_form, _signed, alipay_settings

pytestmark = pytest.mark.usefixtures("services", "no_order_schedules_left", alipay_settings.__name__)
NOTIFY = "/payments/alipay/notify/"
FORM = "application/x-www-form-urlencoded"


def _pending_order(client: Any, category: int) -> tuple[dict[str, Any], str]:
    buyer, order_id = _order(client, category)
    assert call(client, "GET", f"/payment/{order_id}/", token=buyer["token"])[0] == 200
    return buyer, order_id


def _trade_no() -> str:
    return f"2099{uuid.uuid4().int % 10**20:020d}"  # the trade numbers' guards outlive a test: never reuse one


def _notice(order_id: str, trade_no: str = "", **changes: str) -> dict[str, str]:
    fields = {"app_id": APP_ID, "out_trade_no": order_id, "trade_no": trade_no or _trade_no(), "total_amount": "18.00"}
    return {**fields, "trade_status": "TRADE_SUCCESS", **changes}


def _status(buyer: dict[str, Any], order_id: str) -> int:
    return int(OrderModel.get(buyer["id"], order_id, consistent_read=True).status)


def test_a_gbk_notification_is_verified_over_its_gbk_bytes_and_applied(client, category):
    buyer, order_id = _pending_order(client, category)
    notice = _notice(order_id, charset="gbk", subject=f"美多商城{order_id}")
    signed = {**notice, "sign_type": "RSA2", "sign": alipay_keys.sign(notice, ALIPAY_KEY, encoding="gbk")}
    body = urlencode(signed, encoding="gbk").encode("ascii")
    answer = client.http.post(NOTIFY, headers={"Content-Type": FORM}, body=body)
    assert (answer.status_code, answer.body) == (200, b"success")
    assert _status(buyer, order_id) == 2


def test_a_charset_alipay_does_not_sign_in_is_refused_naming_it(client, category):
    _, order_id = _pending_order(client, category)
    status, body = _post_form(client, NOTIFY, _signed(_notice(order_id, charset="utf-16")), FORM)
    assert status == 400 and json.loads(body)["errors"][0]["field"] == "charset"


def test_a_signed_amount_that_is_no_decimal_of_alipays_is_refused_and_an_equal_decimal_is_paid(client, category):
    buyer, order_id = _pending_order(client, category)
    for odd in ("sNaN", "NaN", "1.8E+1", "1_8.00", "18.00\n"):
        status, body = _post_form(client, NOTIFY, _signed(_notice(order_id, total_amount=odd)), FORM)
        assert (status, body) == (400, "fail"), odd
    assert _status(buyer, order_id) == 1
    assert _post_form(client, NOTIFY, _signed(_notice(order_id, total_amount="18.0")), FORM) == (200, "success")
    assert _status(buyer, order_id) == 2


def test_with_a_seller_id_configured_a_notification_naming_another_seller_changes_nothing(
    client, category, alipay_settings
):
    alipay_settings.alipay_seller_id = "2088000000000001"
    buyer, order_id = _pending_order(client, category)
    other = _signed(_notice(order_id, seller_id="2088999999999999"))
    assert _post_form(client, NOTIFY, other, FORM) == (400, "fail")
    assert _post_form(client, NOTIFY, _signed(_notice(order_id)), FORM) == (400, "fail")  # no seller named
    assert _status(buyer, order_id) == 1
    ours = _signed(_notice(order_id, seller_id="2088000000000001"))
    assert _post_form(client, NOTIFY, ours, FORM) == (200, "success")
    assert _status(buyer, order_id) == 2


def test_a_trade_number_that_settled_one_order_is_refused_for_another(client, category):
    first_buyer, first = _pending_order(client, category)
    second_buyer, second = _pending_order(client, category)
    trade_no = _trade_no()
    assert _post_form(client, NOTIFY, _signed(_notice(first, trade_no)), FORM) == (200, "success")
    assert _post_form(client, NOTIFY, _signed(_notice(second, trade_no)), FORM) == (400, "fail")
    payment = payments.get(second)
    assert payment is not None and payment.status == Status.PENDING and payment.trade_no is None
    assert (_status(first_buyer, first), _status(second_buyer, second)) == (2, 1)


def test_a_second_trade_for_a_settled_payment_is_flagged_for_refund_and_applies_nothing(client, category, monkeypatch):
    buyer, order_id = _pending_order(client, category)
    flagged: list[str] = []
    monkeypatch.setattr(service.metrics, "add_metric", lambda name, **_: flagged.append(name))
    paid, other = _trade_no(), _trade_no()
    assert _post_form(client, NOTIFY, _signed(_notice(order_id, paid)), FORM) == (200, "success")
    assert flagged == []
    finished = _notice(order_id, paid, trade_status="TRADE_FINISHED")  # the same trade, later: no effect
    assert _post_form(client, NOTIFY, _signed(finished), FORM) == (200, "success")
    assert flagged == []
    assert _post_form(client, NOTIFY, _signed(_notice(order_id, other)), FORM) == (200, "success")
    assert flagged == ["PaymentRefundDue"]
    payment = payments.get(order_id)
    assert payment is not None and (payment.status, payment.trade_no) == (Status.PAID, paid)
    assert _status(buyer, order_id) == 2


def _order_of_one_unit(client: Any, category: int) -> tuple[dict[str, Any], str, int]:
    (sku,) = make_skus(category, {"stock": 5, "price": "8.00"})
    buyer = make_user()
    fill_cart(buyer["id"], {sku: 1})
    commit = {"address_id": make_address(buyer["id"]), "pay_method": 2}
    status, body = call(client, "POST", "/orders/commit/", commit, buyer["token"])
    assert status == 200, body
    order_id = str(body["order_id"])
    assert call(client, "GET", f"/payment/{order_id}/", token=buyer["token"])[0] == 200
    return buyer, order_id, sku


def test_a_payment_after_the_timeout_cancelled_the_order_is_due_for_refund_and_never_revives_it(
    client, category, monkeypatch
):
    # The race test (tests/e2e) meets this order of events only when a timeout wins; here it always does.
    buyer, order_id, sku = _order_of_one_unit(client, category)
    flagged: list[str] = []
    monkeypatch.setattr(service.metrics, "add_metric", lambda name, **_: flagged.append(name))
    assert timeouts.cancel_unpaid(buyer["id"], order_id)
    assert _post_form(client, NOTIFY, _signed(_notice(order_id)), FORM) == (200, "success")
    payment = payments.get(order_id)
    assert payment is not None and payment.status == Status.REFUND_DUE and flagged == ["PaymentRefundDue"]
    assert (_status(buyer, order_id), stock_and_sales(sku)) == (6, (5, 0))


def test_the_timeout_after_a_payment_leaves_the_order_paid_and_its_stock_sold(client, category):
    # The other order of events, which the race test meets only when a payment wins.
    buyer, order_id, sku = _order_of_one_unit(client, category)
    assert _post_form(client, NOTIFY, _signed(_notice(order_id)), FORM) == (200, "success")
    assert not timeouts.cancel_unpaid(buyer["id"], order_id)
    assert (_status(buyer, order_id), stock_and_sales(sku)) == (2, (4, 1))


def test_the_apps_private_key_never_shows_in_the_settings_repr():
    key = alipay_keys.new_private_key()
    shown = repr(AlipaySettings(alipay_app_private_key=key)) + str(AlipaySettings(alipay_app_private_key=key))
    assert "PRIVATE KEY" not in shown and key.splitlines()[1] not in shown


def test_a_forged_notification_puts_no_more_of_its_own_text_in_the_log_than_an_out_trade_no(client, caplog):
    forged = {"out_trade_no": "9" * 5000, "sign_type": "RSA2", "sign": "QUFB"}
    assert _post_form(client, NOTIFY, forged, FORM) == (400, "fail")
    (record,) = [r for r in caplog.records if r.getMessage() == "payment notification refused"]
    assert record.__dict__["out_trade_no"] == "9" * 64


def test_a_reward_whose_article_is_gone_is_recorded_due_for_refund_and_acknowledged(client, monkeypatch):
    # Given a pending reward, then its article removed before Alipay's notification arrives
    author, reader = make_user(), make_user()
    article = make_article(client, author["token"], publish=True)
    assert call(client, "GET", f"/article/log/{article['id']}/read/", token=reader["token"])[0] == 200
    status, body = call(client, "POST", "/payments/alipay/", {"article_id": article["id"], "money": 5}, reader["token"])
    assert status == 200, body
    ArticleModel.get(article["id"]).delete()
    flagged: list[str] = []
    monkeypatch.setattr(service.metrics, "add_metric", lambda name, **_: flagged.append(name))
    # When the paid notification comes
    notice = _notice(body["out_trade_no"], total_amount="5.00")
    answer = _post_form(client, NOTIFY, _signed(notice), FORM)
    # Then it is acknowledged (no day of retries), recorded as taken but due for refund, and nobody is credited
    assert answer == (200, "success")
    payment = payments.get(body["out_trade_no"])
    assert payment is not None and (payment.status, payment.trade_no) == (Status.REFUND_DUE, notice["trade_no"])
    assert flagged == ["PaymentRefundDue"] and users.balance(author["id"]) is None
