"""A consumer killed mid-batch: no message is lost, and after redelivery every effect is applied exactly once.

Schedules firing twice are covered where they live: the unpaid-order sweeper's second run and the timeout racing
a cancel (test_orders.py), a timed article's schedule and sweeper (test_feed_articles.py).
"""

from __future__ import annotations

import pytest

from chalicelib.core.clients import aws_client
from chalicelib.core.queues import queue_url
from chalicelib.notifications import consumer as notifications
from chalicelib.notifications.models import SmsMessage
from chalicelib.notifications.queue import publish
from chalicelib.orders import timeouts as order_timeouts
from chalicelib.orders.models import TimeoutMessage
from chalicelib.orders.tables import OrderModel
from chalicelib.seckill import consumer as seckill
from chalicelib.seckill import gate
from tests.factories import (
    call,
    fill_cart,
    make_address,
    make_skus,
    make_user,
    stock_and_sales,
    unique_mobile,
)
from tests.faults import consume_killed, killed_on_call
from tests.functional.queues import consume, outbox

pytestmark = pytest.mark.usefixtures("services", "no_order_schedules_left")
BATCH = 5


def _buyers(n: int) -> list[dict]:
    users = [make_user() for _ in range(n)]
    for user in users:
        user["address_id"] = make_address(user["id"])  # the first address becomes the default
    return users


def test_sms_batch_killed_on_its_third_record_sends_every_code_once(services):
    # Given five codes waiting in the queue
    mobiles = [unique_mobile() for _ in range(BATCH)]
    for mobile in mobiles:
        publish(SmsMessage(mobile=mobile, code="246810"))

    # When the consumer dies on the third record of its batch, then runs again after the visibility timeout
    with killed_on_call(notifications, "record_handler", 3):
        records = consume_killed("notifications", "notifications_consumer")
    sent_before = [m["mobile"] for m in outbox("sms") if m["mobile"] in mobiles]
    consume("notifications", "notifications_consumer")

    # Then the two records done before the kill were not redone, and every code went out exactly once
    assert len(records) >= 3 and len(sent_before) <= 2
    assert sorted(m["mobile"] for m in outbox("sms") if m["mobile"] in mobiles) == sorted(mobiles)


def test_timeout_batch_killed_mid_way_cancels_each_order_once(client, category):
    # Given five unpaid orders of 2 units each, and their timeouts delivered to the queue
    orders = []
    for buyer in _buyers(BATCH):
        (sku,) = make_skus(category, {"stock": 10})
        fill_cart(buyer["id"], {sku: 2})
        body = {"address_id": buyer["address_id"], "pay_method": 2}
        order_id = call(client, "POST", "/orders/commit/", body, buyer["token"])[1]["order_id"]
        orders.append((buyer["id"], order_id, sku))
    sqs = aws_client("sqs")
    for user_id, order_id, _ in orders:
        message = TimeoutMessage(user_id=user_id, order_id=order_id).model_dump_json()
        sqs.send_message(QueueUrl=queue_url("order-timeouts"), MessageBody=message)

    # When the consumer dies on the third record, then the batch comes back and is handled again
    with killed_on_call(order_timeouts, "record_handler", 3):
        consume_killed("order-timeouts", "order_timeouts_consumer")
    consume("order-timeouts", "order_timeouts_consumer")

    # Then every order is cancelled and every SKU got its 2 units back exactly once
    assert [int(OrderModel.get(u, o, consistent_read=True).status) for u, o, _ in orders] == [6] * BATCH
    assert [stock_and_sales(sku) for _, _, sku in orders] == [(10, 0)] * BATCH


def test_flash_sale_batch_killed_mid_way_places_one_order_per_buyer(client, category, redis_client):
    # Given a sale of 5 units and 5 admitted buyers whose tasks wait in the queue
    staff = make_user(is_staff=True)
    (sku,) = make_skus(category, {"stock": BATCH})
    assert call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": BATCH}, token=staff["token"])[0] == 200
    buyers = _buyers(BATCH)
    tasks = [call(client, "POST", "/user/sckill/", {"sku_id": sku}, token=b["token"])[1]["task_id"] for b in buyers]

    # When the consumer dies on the third record, then the batch comes back and is handled again
    with killed_on_call(seckill, "record_handler", 3):
        consume_killed("seckill-orders", "seckill_orders_consumer")
    consume("seckill-orders", "seckill_orders_consumer")

    # Then each buyer has exactly one order, each task names it, and exactly 5 units left the stock
    for buyer, task_id in zip(buyers, tasks, strict=True):
        placed = [o.order_id for o in OrderModel.query(buyer["id"])]
        assert len(placed) == 1 and redis_client.hget(gate.task_key(task_id), "order_id") == placed[0]
    assert stock_and_sales(sku) == (0, BATCH)
