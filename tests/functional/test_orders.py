"""Orders after checkout: reading, settlement, cancel and pay, the unpaid timeout's schedule, consumer and sweeper."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.core import queues
from chalicelib.core.clients import aws_client
from chalicelib.core.errors import Conflict
from chalicelib.core.schedules import physical_name
from chalicelib.orders import service, timeouts
from chalicelib.orders.tables import OrderModel
from tests.concurrency import at_once
from tests.factories import (
    call,
    fill_cart,
    make_address,
    make_skus,
    make_user,
    stock_and_sales,
)
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services", "no_order_schedules_left")


def _order(client, category, pay_method=2, stock=10, count=2, user=None):
    """A user (new unless given) with one order of `count` units of a new SKU; returns (user, order_id, sku)."""
    (sku,) = make_skus(category, {"stock": stock, "price": "25.00"})
    if user is None:
        user = make_user()
        user["address_id"] = make_address(user["id"])
    fill_cart(user["id"], {sku: count})
    body = {"address_id": user["address_id"], "pay_method": pay_method}
    status, answer = call(client, "POST", "/orders/commit/", body, token=user["token"])
    assert status == 200, answer
    return user, answer["order_id"], sku


def _status(user, order_id) -> int:
    return int(OrderModel.get(user["id"], order_id, consistent_read=True).status)


def test_orders_list_newest_first_in_drf_pages_and_detail_is_owner_only(client, category):
    user, first, _ = _order(client, category)
    _, second, _ = _order(client, category, user=user)
    _, third, _ = _order(client, category, user=user)
    status, page1 = call(client, "GET", "/orders/?page=1&page_size=2", token=user["token"])
    assert status == 200 and page1["count"] == 3
    assert [o["order_id"] for o in page1["results"]] == [third, second]
    assert page1["next"].endswith("/orders/?page=2&page_size=2") and page1["previous"] is None
    page2 = call(client, "GET", "/orders/?page=2&page_size=2", token=user["token"])[1]
    assert [o["order_id"] for o in page2["results"]] == [first] and page2["next"] is None
    assert call(client, "GET", "/orders/?page=3&page_size=2", token=user["token"])[0] == 404
    assert call(client, "GET", "/orders/?page_size=51", token=user["token"])[0] == 400
    stranger = make_user()
    for method, path in (
        ("GET", f"/orders/{first}/"),
        ("PUT", f"/orders/{first}/pay/"),
        ("PUT", f"/orders/{first}/cancel/"),
    ):
        status, body = call(client, method, path, token=stranger["token"])
        assert (status, body["code"]) == (404, "4404"), path
    assert _status(user, first) == 1
    assert call(client, "GET", "/orders/", token=stranger["token"])[1]["count"] == 0


def test_settlement_prices_the_selected_lines_with_freight(client, category):
    a, b = make_skus(category, {"price": "12.30"}, {"price": "1.00"})
    user = make_user()
    address_id = make_address(user["id"])
    fill_cart(user["id"], {a: 3})
    fill_cart(user["id"], {b: 5}, selected=False)
    status, body = call(client, "GET", "/orders/settlement/", token=user["token"])
    assert status == 200
    context = body["context"]
    assert [a["id"] for a in context["addresses"]] == [address_id] and context["default_address_id"] == address_id
    assert context["nowsite"] == address_id  # the meiduo order page pre-selects the address by this name
    assert [(s["id"], s["price"], s["count"], s["amount"]) for s in context["skus"]] == [(a, "12.30", 3, "36.90")]
    assert (context["total_count"], context["total_amount"]) == (3, "36.90")
    assert (context["freight"], context["payment_amount"]) == ("10.00", "46.90")


def test_settlement_names_no_default_address_as_null_and_follows_a_new_default(client, category):
    (sku,) = make_skus(category, {"price": "2.00"})
    user = make_user()
    fill_cart(user["id"], {sku: 1})
    context = call(client, "GET", "/orders/settlement/", token=user["token"])[1]["context"]
    assert (context["addresses"], context["nowsite"], context["default_address_id"]) == ([], None, None)
    first, second = make_address(user["id"]), make_address(user["id"])
    assert call(client, "PUT", f"/addresses/{second}/default/", token=user["token"])[0] == 200
    context = call(client, "GET", "/orders/settlement/", token=user["token"])[1]["context"]
    assert context["nowsite"] == context["default_address_id"] == second != first


def test_cancel_gives_stock_back_once_and_only_from_unpaid_or_unsend(client, category):
    user, order_id, sku = _order(client, category, stock=10, count=4)
    assert stock_and_sales(sku) == (6, 4)
    status, body = call(client, "PUT", f"/orders/{order_id}/cancel/", token=user["token"])
    assert (status, body["status"]) == (200, 6)
    assert stock_and_sales(sku) == (10, 0)
    status, body = call(client, "PUT", f"/orders/{order_id}/cancel/", token=user["token"])
    assert (status, body["code"]) == (409, "4409")
    assert stock_and_sales(sku) == (10, 0)
    assert call(client, "PUT", f"/orders/{order_id}/pay/", token=user["token"])[0] == 409


def test_pay_moves_unpaid_to_unsend_once(client, category):
    user, order_id, _ = _order(client, category, pay_method=2)
    status, body = call(client, "PUT", f"/orders/{order_id}/pay/", token=user["token"])
    assert (status, body["status"]) == (200, 2) and _status(user, order_id) == 2
    scheduler = aws_client("scheduler")  # its timeout schedule is no longer needed
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(Name=physical_name(f"shop-order-{order_id}"), GroupName="default")
    status, body = call(client, "PUT", f"/orders/{order_id}/pay/", token=user["token"])
    assert (status, body["code"]) == (409, "4409")
    _, cash_order, _ = _order(client, category, pay_method=1, user=user)
    assert call(client, "PUT", f"/orders/{cash_order}/pay/", token=user["token"])[0] == 409
    assert call(client, "PUT", "/orders/2026010100000000000000100000000/pay/", token=user["token"])[0] == 404
    assert call(client, "PUT", "/orders/not-an-id/pay/", token=user["token"])[0] == 400


def test_an_unpaid_order_gets_a_one_time_schedule_at_its_timeout(client, category):
    # Given an order placed with Alipay (UNPAID)
    user, order_id, sku = _order(client, category, pay_method=2, count=1)
    created = OrderModel.get(user["id"], order_id).create_time

    # Then Scheduler holds a one-time schedule at create time + the timeout, aimed at the timeout queue
    schedule = aws_client("scheduler").get_schedule(Name=physical_name(f"shop-order-{order_id}"), GroupName="default")
    due = (created + timedelta(seconds=1800)).replace(microsecond=0) + timedelta(seconds=1)
    assert schedule["ScheduleExpression"] == f"at({due:%Y-%m-%dT%H:%M:%S})"
    assert schedule.get("ScheduleExpressionTimezone", "UTC") == "UTC"
    assert schedule["ActionAfterCompletion"] == "DELETE"
    target = schedule["Target"]
    assert target["Arn"] == queues.queue_arn("order-timeouts") and target["Arn"].endswith(":shop-order-timeouts")
    assert target["RoleArn"].startswith("arn:aws:iam::")
    assert json.loads(target["Input"]) == {"user_id": user["id"], "order_id": order_id}

    # When the schedule fires twice (Scheduler delivers at least once) and the consumer runs
    sqs = aws_client("sqs")
    url = sqs.get_queue_url(QueueName="shop-order-timeouts")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=target["Input"])
    sqs.send_message(QueueUrl=url, MessageBody=target["Input"])
    assert consume("order-timeouts", "order_timeouts_consumer") == 2

    # Then the order is cancelled and its unit came back exactly once
    assert _status(user, order_id) == 6 and stock_and_sales(sku) == (10, 0)


def test_cash_orders_get_no_schedule(client, category):
    _, order_id, _ = _order(client, category, pay_method=1)
    scheduler = aws_client("scheduler")
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(Name=physical_name(f"shop-order-{order_id}"), GroupName="default")


def test_timeout_racing_a_manual_cancel_gives_stock_back_once(client, category):
    # Given an unpaid order of 3 units
    user, order_id, sku = _order(client, category, count=3)

    # When the user, the schedule and a duplicate delivery all cancel at once
    def cancel(by: str) -> bool:
        if by == "user":
            return service.cancel(user["id"], order_id, timeouts.drop_schedule)["status"] == 6
        return timeouts.cancel_unpaid(user["id"], order_id)

    outcomes = at_once(cancel, [("user",), ("timeout",), ("timeout",)])

    # Then exactly one of them cancelled (the others heard 409 or did nothing), and the stock came back once
    assert outcomes.count(True) == 1, outcomes
    assert all(o is True or o is False or isinstance(o, Conflict) for o in outcomes), outcomes
    assert _status(user, order_id) == 6 and stock_and_sales(sku) == (10, 0)


def test_a_timeout_after_payment_changes_nothing(client, category):
    user, order_id, sku = _order(client, category, count=2)
    call(client, "PUT", f"/orders/{order_id}/pay/", token=user["token"])
    assert timeouts.cancel_unpaid(user["id"], order_id) is False
    assert _status(user, order_id) == 2 and stock_and_sales(sku) == (8, 2)


def test_the_sweeper_cancels_only_unpaid_orders_past_the_timeout(client, category):
    # Given an unpaid, a paid and a cash order
    user, unpaid, unpaid_sku = _order(client, category, count=2)
    _, paid, paid_sku = _order(client, category, count=2, user=user)
    call(client, "PUT", f"/orders/{paid}/pay/", token=user["token"])
    _, cash, _ = _order(client, category, pay_method=1, count=1, user=user)
    now = datetime.now(UTC)

    # When the sweeper runs before the timeout, nothing happens; after it, the unpaid one is cancelled
    timeouts.sweep(now)
    assert _status(user, unpaid) == 1
    assert timeouts.sweep(now + timedelta(seconds=1801)) >= 1
    assert [_status(user, o) for o in (unpaid, paid, cash)] == [6, 2, 2]
    assert stock_and_sales(unpaid_sku) == (10, 0) and stock_and_sales(paid_sku) == (8, 2)

    # And a second run finds nothing of ours left in the sparse index
    timeouts.sweep(now + timedelta(seconds=1801))
    assert stock_and_sales(unpaid_sku) == (10, 0)
    keys = {o.order_id for o in OrderModel.unpaid.query(user["id"] % 4)}
    assert unpaid not in keys and paid not in keys
