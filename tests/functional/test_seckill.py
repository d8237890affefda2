"""Flash sale: one Redis round trip admits, the queue consumer orders through checkout, the table never oversells."""

from __future__ import annotations

import pytest

from chalicelib.core.errors import AppError, ServiceUnavailable
from chalicelib.orders.tables import OrderModel
from chalicelib.seckill import gate, queue, service
from chalicelib.seckill.models import SeckillOrder
from tests.concurrency import at_once
from tests.counting import count_redis
from tests.factories import (
    call,
    make_address,
    make_skus,
    make_user,
    stock_and_sales,
)
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services", "no_order_schedules_left")


@pytest.fixture(scope="module")
def staff(services):
    return make_user(is_staff=True)


def _buyers(n: int) -> list[dict]:
    users = [make_user() for _ in range(n)]
    for user in users:
        make_address(user["id"])  # the first address becomes the default one the consumer uses
    return users


def _rush(redis_client, users: list[dict], sku: int) -> dict[int, str]:
    """Every user asks for the sale at once; user id → task id, or the refusal's code."""
    calls = [(redis_client, user["id"], sku, queue.publish) for user in users]
    outcomes = at_once(service.admit, calls)
    assert all(isinstance(o, str | AppError) for o in outcomes), outcomes
    return {user["id"]: o if isinstance(o, str) else o.code for user, o in zip(users, outcomes, strict=True)}


def test_opening_a_sale_is_for_staff_and_capped_by_stock(client, category, staff):
    (sku,) = make_skus(category, {"stock": 4})
    assert call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": 3}, token=make_user()["token"])[0] == 403
    status, body = call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": 9}, token=staff["token"])
    assert (status, body["quantity"]) == (200, 4)
    assert call(client, "POST", "/admin/sckill/987654321/", {"quantity": 1}, token=staff["token"])[0] == 404
    (empty,) = make_skus(category, {"stock": 0})
    assert call(client, "POST", f"/admin/sckill/{empty}/", {"quantity": 1}, token=staff["token"])[1]["code"] == "5007"


def test_sixty_users_for_ten_units_make_ten_orders_one_per_user(client, category, staff, redis_client):
    # Given a sale of 10 units of a SKU with 10 in stock, and 60 buyers with a default address
    (sku,) = make_skus(category, {"stock": 10})
    call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": 10}, token=staff["token"])
    users = _buyers(60)

    # When they all ask at once
    answers = _rush(redis_client, users, sku)

    # Then 10 are admitted with a queued task and 50 hear "5007" at once
    admitted = {uid: task for uid, task in answers.items() if len(task) == 32}
    assert len(admitted) == 10 and sorted(set(answers.values()) - set(admitted.values())) == ["5007"]
    winner = next(u for u in users if u["id"] in admitted)
    status, task = call(client, "GET", f"/user/sckill/?task_id={admitted[winner['id']]}", token=winner["token"])
    assert (status, task["status"]) == (200, "queued")

    # And a winner's second try is "4409", whatever is left
    status, body = call(client, "POST", "/user/sckill/", {"sku_id": sku}, token=winner["token"])
    assert (status, body["code"]) == (409, "4409")

    # When the consumer handles the queue
    assert consume("seckill-orders", "seckill_orders_consumer") == 10

    # Then every admitted task succeeded with its own UNPAID order of one unit, and the stock is spent exactly
    for user in users:
        if user["id"] not in admitted:
            continue
        status, task = call(client, "GET", f"/user/sckill/?task_id={admitted[user['id']]}", token=user["token"])
        assert (status, task["status"], task["errmsg"]) == (200, "succeeded", "")
        order = OrderModel.get(user["id"], task["order_id"])
        assert (int(order.status), [(int(line.sku_id), int(line.count)) for line in order.lines]) == (1, [(sku, 1)])
    assert stock_and_sales(sku) == (0, 10)


def test_admission_is_one_redis_round_trip_and_tasks_are_private(client, category, staff):
    (sku,) = make_skus(category, {"stock": 5})
    call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": 5}, token=staff["token"])
    (user,) = _buyers(1)
    with count_redis() as trips:
        status, body = call(client, "POST", "/user/sckill/", {"sku_id": sku}, token=user["token"])
    assert (status, len(body["task_id"])) == (202, 32)
    assert [trip[0] for trip in trips.round_trips] == ["EVAL"]
    stranger = make_user()
    assert call(client, "GET", f"/user/sckill/?task_id={body['task_id']}", token=stranger["token"])[0] == 404
    assert call(client, "GET", f"/user/sckill/?task_id={'0' * 32}", token=user["token"])[0] == 404
    assert call(client, "GET", "/user/sckill/?task_id=nope", token=user["token"])[0] == 400
    (unsold,) = make_skus(category, {"stock": 5})
    assert call(client, "POST", "/user/sckill/", {"sku_id": unsold}, token=user["token"])[0] == 404
    consume("seckill-orders", "seckill_orders_consumer")
    assert (
        call(client, "GET", f"/user/sckill/?task_id={body['task_id']}", token=user["token"])[1]["status"] == "succeeded"
    )


def test_a_gate_reset_above_the_stock_still_never_oversells(client, category, staff, redis_client):
    # Given a sale of 3 units whose Redis counter was then reset to 50 (lost, restored from an old value...)
    (sku,) = make_skus(category, {"stock": 3})
    call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": 3}, token=staff["token"])
    redis_client.set(gate.remaining_key(sku), 50)
    users = _buyers(20)

    # When 20 buyers are all admitted and the consumer runs
    answers = _rush(redis_client, users, sku)
    assert all(len(task) == 32 for task in answers.values())
    assert consume("seckill-orders", "seckill_orders_consumer") == 20

    # Then the table's stock condition allowed 3 orders; the other tasks failed saying why
    states = [service.task_status(redis_client, uid, task) for uid, task in answers.items()]
    assert sum(s["status"] == "succeeded" for s in states) == 3
    failed = [s for s in states if s["status"] == "failed"]
    assert len(failed) == 17 and all("sold out" in s["errmsg"] for s in failed)
    assert stock_and_sales(sku) == (0, 3)


def test_a_buyer_without_a_default_address_fails_and_gets_the_unit_back(client, category, staff, redis_client):
    (sku,) = make_skus(category, {"stock": 2})
    call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": 1}, token=staff["token"])
    user = make_user()
    task_id = call(client, "POST", "/user/sckill/", {"sku_id": sku}, token=user["token"])[1]["task_id"]
    consume("seckill-orders", "seckill_orders_consumer")
    task = call(client, "GET", f"/user/sckill/?task_id={task_id}", token=user["token"])[1]
    assert (task["status"], task["errmsg"]) == ("failed", "set a default address first")
    assert redis_client.get(gate.remaining_key(sku)) == "1" and stock_and_sales(sku) == (2, 0)


def test_a_redelivered_task_places_one_order(client, category, staff, redis_client):
    # Given an admitted task whose message is delivered, then delivered again after the task state was lost
    (sku,) = make_skus(category, {"stock": 5})
    call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": 5}, token=staff["token"])
    (user,) = _buyers(1)
    task_id = call(client, "POST", "/user/sckill/", {"sku_id": sku}, token=user["token"])[1]["task_id"]
    address_id = service.default_address(user["id"])
    message = SeckillOrder(task_id=task_id, user_id=user["id"], sku_id=sku, address_id=address_id)
    queue.publish(message)
    consume("seckill-orders", "seckill_orders_consumer")
    first = service.task_status(redis_client, user["id"], task_id)["order_id"]
    redis_client.hset(gate.task_key(task_id), "status", "queued")  # as if the consumer died before finishing
    queue.publish(message)
    consume("seckill-orders", "seckill_orders_consumer")

    # Then the task id, used as the order's Idempotency-Key, answered the same order; one unit was taken
    assert service.task_status(redis_client, user["id"], task_id)["order_id"] == first
    assert [o.order_id for o in OrderModel.query(user["id"])] == [first]
    assert stock_and_sales(sku) == (4, 1)


def test_an_admission_whose_address_read_fails_is_undone(category, staff, redis_client):
    # Given a sale of one unit, and a users table that does not answer the admitted buyer's address read
    (sku,) = make_skus(category, {"stock": 1})
    service.open_sale(redis_client, sku, 1)
    (user,) = _buyers(1)
    published: list[SeckillOrder] = []

    def unreadable(user_id: int) -> int | None:
        raise ConnectionError("users table unavailable")

    # When the buyer is admitted
    with pytest.raises(ServiceUnavailable):
        service.admit(redis_client, user["id"], sku, published.append, address_of=unreadable)

    # Then nothing was queued and the unit and the buyer's turn are back
    assert published == [] and redis_client.get(gate.remaining_key(sku)) == "1"
    assert not redis_client.sismember(gate.buyers_key(sku), str(user["id"]))


def test_an_admitted_message_carries_the_buyers_default_address(category, staff, redis_client):
    (sku,) = make_skus(category, {"stock": 1})
    service.open_sale(redis_client, sku, 1)
    user = make_user()
    address_id = make_address(user["id"])
    published: list[SeckillOrder] = []
    task_id = service.admit(redis_client, user["id"], sku, published.append)
    assert published == [SeckillOrder(task_id=task_id, user_id=user["id"], sku_id=sku, address_id=address_id)]
