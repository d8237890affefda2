"""Alipay payments against `python -m devstack` (what `make run` starts) and its Alipay sandbox, over real HTTP.

The stack runs on the test session's moto and Redis, so the test reads the tables it checks; the sandbox's own key
is given (ALIPAY_SANDBOX_PRIVATE_KEY) so the test can sign notifications Alipay never sent: another amount,
another app, an unknown trade.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from chalicelib.feed.articles.tables import ArticleModel
from chalicelib.feed.recommendations.behaviour_log import LogModel
from chalicelib.orders import timeouts
from chalicelib.orders.tables import OrderModel
from chalicelib.payments import repository as payments
from chalicelib.payments.models import Status
from chalicelib.users import transactions as users
from devstack import alipay_keys
from devstack.alipay_server import LOCAL_APP_ID
from devstack.backends import Backends
from devstack.redis_server import free_port
from devstack.subprocess_stack import ChildStack, child_env, start_child
from tests.concurrency import at_once
from tests.factories import (
    drop_order_schedules,
    fill_cart,
    make_address,
    make_categories,
    make_skus,
    make_user,
    stock_and_sales,
)

pytestmark = pytest.mark.e2e
_SHARED = ("AWS_ENDPOINT_URL", "REDIS_URL", "JWT_SECRET")
GATEWAY_KEY = alipay_keys.new_private_key()
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


@pytest.fixture(scope="module")
def stack(services: Backends, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChildStack]:
    """The local stack with its Alipay sandbox, holding the key the test signs with."""
    port = free_port()
    extra = {"QQ_PORT": str(free_port()), "ALIPAY_PORT": str(free_port()), "DEVSTACK_DEMO": "0"}
    env = child_env(port, {**extra, "ALIPAY_SANDBOX_PRIVATE_KEY": GATEWAY_KEY}, keep=_SHARED)
    child = start_child(port, env, tmp_path_factory.mktemp("pay") / "stack.log")
    _NOTIFY_URL["url"] = f"{child.base_url}/payments/alipay/notify/"
    yield child
    child.stop()
    drop_order_schedules()


def _http(method: str, url: str, body: Any = None, token: str | None = None, form: bool = False) -> tuple[int, Any]:
    headers = FORM if form else {"Content-Type": "application/json"}
    if token:
        headers = {**headers, "Authorization": f"JWT {token}"}
    data = urlencode(body).encode() if form else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw, status = response.read().decode(), response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read().decode(), error.code
    return status, (json.loads(raw) if raw.startswith("{") else raw)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the test reads where the browser would go


_NOTIFY_URL: dict[str, str] = {}


def _notify(params: dict[str, str]) -> tuple[int, Any]:
    return _http("POST", _NOTIFY_URL["url"], params, form=True)


def _pay_in_browser(pay_url: str) -> str:
    """Open the sandbox's pay page and confirm, as the payer would; where the browser is sent back to."""
    with urllib.request.urlopen(pay_url, timeout=30) as page:
        ticket = re.search(r'name="ticket" value="([^"]+)"', page.read().decode()).group(1)  # type: ignore[union-attr]
    action = pay_url.split("?")[0] + "/pay"
    request = urllib.request.Request(action, data=urlencode({"ticket": ticket, "decision": "confirm"}).encode())
    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(_NoRedirect).open(request, timeout=60)
    assert redirect.value.code == 302
    return str(redirect.value.headers["Location"])


def _unpaid_order(stack: ChildStack, sku: int) -> tuple[dict[str, Any], str]:
    buyer = make_user()
    address = make_address(buyer["id"])
    fill_cart(buyer["id"], {sku: 1})
    commit = {"address_id": address, "pay_method": 2}
    status, body = _http("POST", f"{stack.base_url}/orders/commit/", commit, buyer["token"])
    assert status == 200, body
    return buyer, str(body["order_id"])


def _notification(out_trade_no: str, amount: str, app_id: str = LOCAL_APP_ID, trade_no: str = "") -> dict[str, str]:
    """A notification as Alipay signs it, about whatever the test says."""
    params = {
        "app_id": app_id,
        "out_trade_no": out_trade_no,
        "trade_no": trade_no or f"2099{abs(hash((out_trade_no, amount, app_id))):020d}",
        "trade_status": "TRADE_SUCCESS",
        "total_amount": amount,
        "notify_type": "trade_status_sync",
    }
    return {**params, "sign_type": "RSA2", "sign": alipay_keys.sign(params, GATEWAY_KEY)}


def _sent(pay_url: str, out_trade_no: str) -> list[dict[str, Any]]:
    """The notifications the sandbox posted about a trade, with our server's answers."""
    gateway = pay_url.split("/gateway.do")[0]
    with urllib.request.urlopen(f"{gateway}/sandbox/notifications/?out_trade_no={out_trade_no}", timeout=5) as answer:
        return list(json.loads(answer.read()))


def _status(buyer: dict[str, Any], order_id: str) -> int:
    return int(OrderModel.get(buyer["id"], order_id, consistent_read=True).status)


def test_an_order_is_paid_end_to_end_through_the_sandbox_pay_page(stack: ChildStack):
    # Given an unpaid Alipay order
    (sku,) = make_skus(make_categories()["cat3"], {"stock": 5, "price": "20.00"})
    buyer, order_id = _unpaid_order(stack, sku)

    # When the buyer asks for the pay URL, confirms on the sandbox's page and comes back with the signed return
    status, body = _http("GET", f"{stack.base_url}/payment/{order_id}/", token=buyer["token"])
    assert status == 200, body
    back = _pay_in_browser(body["alipay_url"])
    query = urlsplit(back).query
    status, verified = _http("PUT", f"{stack.base_url}/payment/status/?{query}", token=buyer["token"])

    # Then the return verifies with Alipay's trade number, and the order is paid (the notification was applied)
    trade_no = parse_qs(query)["trade_no"][0]
    assert (status, verified["trade_id"], verified["order_id"]) == (200, trade_no, order_id)
    status, order = _http("GET", f"{stack.base_url}/orders/{order_id}/", token=buyer["token"])
    assert (status, order["status"]) == (200, 2)
    payment = payments.get(order_id)
    assert payment is not None and (payment.status, payment.trade_no, payment.amount) == (
        Status.PAID,
        trade_no,
        Decimal("30.00"),  # price and the 10.00 freight
    )


def test_a_reward_is_paid_end_to_end_and_counted_once(stack: ChildStack):
    # Given an author's public article that a reader has read
    author, reader = make_user(), make_user()
    draft = {"title": "paid", "content": "c", "html_content": "<p>c</p>"}
    status, created = _http("POST", f"{stack.base_url}/article/", draft, author["token"])
    article_id = created["article"]["id"]
    assert _http("PATCH", f"{stack.base_url}/article/{article_id}/", token=author["token"])[0] == 200
    assert _http("GET", f"{stack.base_url}/article/log/{article_id}/read/", token=reader["token"])[0] == 200

    # When the reader rewards 5 yuan and pays on the sandbox's page
    reward = {"article_id": article_id, "money": 5, "message": "thanks"}
    status, body = _http("POST", f"{stack.base_url}/payments/alipay/", reward, reader["token"])
    assert status == 200, body
    back = _pay_in_browser(body["pay_url"])
    status, returned = _http("GET", back)  # the return URL is the API's own result route when no page is set

    # Then the return verifies, the status says paid, and balance, reward count and log changed once
    assert (status, returned["article_id"]) == (200, article_id), returned
    result = _http("GET", f"{stack.base_url}/payments/alipay/result/?out_trade_no={body['out_trade_no']}")
    assert result == (200, {"code": "0", "errmsg": "OK", "status": True})
    assert users.balance(author["id"]) == "5.00"
    assert ArticleModel.get(article_id, consistent_read=True).reward_count == 1
    log = LogModel.get(reader["id"], article_id, consistent_read=True)
    assert (log.rewards, log.reward_total, log.rewarded_at is not None) == (1, 5, True)

    # And the notification the sandbox posted, delivered 20 times more at once, changes nothing more
    (sent,) = _sent(body["pay_url"], body["out_trade_no"])
    answers = at_once(_notify, [(sent["params"],)] * 20)
    assert answers == [(200, "success")] * 20
    assert users.balance(author["id"]) == "5.00"
    assert ArticleModel.get(article_id, consistent_read=True).reward_count == 1
    assert LogModel.get(reader["id"], article_id, consistent_read=True).rewards == 1


def test_the_same_signed_notification_20_times_at_once_pays_once(stack: ChildStack):
    # Given an order paid through the sandbox, and the notification the sandbox posted for it
    (sku,) = make_skus(make_categories()["cat3"], {"stock": 5, "price": "8.00"})
    buyer, order_id = _unpaid_order(stack, sku)
    _, body = _http("GET", f"{stack.base_url}/orders/{order_id}/payment/", token=buyer["token"])
    _pay_in_browser(body["alipay_url"])
    (sent,) = _sent(body["alipay_url"], order_id)
    assert sent["answer"] == "success"

    # When Alipay delivers the very same notification 20 times at once
    answers = at_once(_notify, [(sent["params"],)] * 20)

    # Then each is acknowledged, and the order, its stock and its payment are as after the first
    assert answers == [(200, "success")] * 20
    assert _status(buyer, order_id) == 2 and stock_and_sales(sku) == (4, 1)
    payment = payments.get(order_id)
    assert payment is not None and payment.status == Status.PAID and payment.trade_no == sent["params"]["trade_no"]


@pytest.mark.parametrize(
    "tamper",
    ["forged signature", "changed amount", "another app id", "unknown trade"],
)
def test_a_notification_that_is_not_alipays_word_changes_nothing(stack: ChildStack, tamper: str):
    # Given an unpaid order with its pay URL handed out
    (sku,) = make_skus(make_categories()["cat3"], {"stock": 5, "price": "8.00"})
    buyer, order_id = _unpaid_order(stack, sku)
    assert _http("GET", f"{stack.base_url}/payment/{order_id}/", token=buyer["token"])[0] == 200
    notice = {
        "forged signature": {**_notification(order_id, "18.00"), "trade_status": "TRADE_FINISHED"},
        "changed amount": _notification(order_id, "0.01"),
        "another app id": _notification(order_id, "18.00", app_id="2021009999999999"),
        "unknown trade": _notification("20990101000000000000001", "18.00"),
    }[tamper]

    # When it is posted to the notify URL
    status, answer = _notify(notice)

    # Then Alipay is answered "fail" (it retries), and the order, its stock and its payment are untouched
    assert (status, answer) == (400, "fail")
    assert _status(buyer, order_id) == 1 and stock_and_sales(sku) == (4, 1)
    payment = payments.get(order_id)
    assert payment is not None and (payment.status, payment.trade_no) == (Status.PENDING, None)


def test_payments_racing_the_unpaid_timeout_never_leave_an_order_paid_and_cancelled(stack: ChildStack):
    # Given 50 unpaid orders of one unit each, every one with its pay URL handed out
    (sku,) = make_skus(make_categories()["cat3"], {"stock": 60, "price": "8.00"})
    orders = [_unpaid_order(stack, sku) for _ in range(50)]
    for buyer, order_id in orders:
        assert _http("GET", f"{stack.base_url}/payment/{order_id}/", token=buyer["token"])[0] == 200
    assert stock_and_sales(sku) == (10, 50)

    # When, for each, Alipay's notification and the timeout's cancel arrive at once
    def pay(order_id: str) -> Any:
        return _notify(_notification(order_id, "18.00"))

    def time_out(buyer: dict[str, Any], order_id: str) -> None:
        timeouts.record_handler(timeouts.TimeoutMessage(user_id=buyer["id"], order_id=order_id))

    jobs = [job for buyer, order_id in orders for job in ((pay, order_id), (time_out, buyer, order_id))]
    outcomes = at_once(lambda fn, *args: fn(*args), jobs)

    # Then every notification was acknowledged, every order ended either paid or cancelled, never both,
    # stock came back for the cancelled ones only, and every payment that lost to the timeout is due for refund
    assert [o for o in outcomes[::2] if o != (200, "success")] == []
    ends = {order_id: _status(buyer, order_id) for buyer, order_id in orders}
    assert set(ends.values()) <= {2, 6}
    cancelled = [order_id for order_id, status in ends.items() if status == 6]
    assert stock_and_sales(sku) == (10 + len(cancelled), 50 - len(cancelled))
    for order_id, status in ends.items():
        payment = payments.get(order_id)
        assert payment is not None and payment.status == (Status.REFUND_DUE if status == 6 else Status.PAID)
    lines = Path(stack.log_path).read_text(errors="replace").splitlines()
    flagged = {
        match.group(1)
        for line in lines
        if "payment for an order no longer unpaid" in line
        and (match := re.search(r'"out_trade_no": ?"([0-9]+)"', line))
    }
    assert flagged == set(cancelled)
