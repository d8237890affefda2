"""DynamoDB throttling and transaction conflicts injected below botocore: 503 "5030", never a partial write."""

from __future__ import annotations

from contextlib import suppress

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from chalicelib.core.transactions import CONFLICT_RETRIES
from chalicelib.orders.tables import OrderModel
from chalicelib.seckill import gate
from tests.factories import (
    call,
    fill_cart,
    make_address,
    make_skus,
    make_user,
    stock_and_sales,
)
from tests.faults import dynamodb_failing, first, recorded_records, reopen, throttled, transaction_conflict
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services", "no_order_schedules_left")


def _buyer(category: int, stock: int = 5, count: int = 2) -> tuple[dict, int]:
    """A user with a default address and `count` units of a new SKU selected in the cart; returns (user, sku)."""
    user = make_user()
    user["address_id"] = make_address(user["id"])
    (sku,) = make_skus(category, {"stock": stock})
    fill_cart(user["id"], {sku: count})
    return user, sku


def _commit(client, user: dict) -> tuple[int, dict]:
    return call(client, "POST", "/orders/commit/", {"address_id": user["address_id"], "pay_method": 2}, user["token"])


@pytest.mark.parametrize(
    "failure",
    [transaction_conflict, throttled("TransactWriteItems"), throttled("BatchGetItem")],
    ids=["transaction-conflict", "transaction-throttled", "read-throttled"],
)
def test_checkout_under_a_storage_fault_answers_503_and_changes_nothing(client, category, failure):
    # Given a buyer with 2 units of a SKU of stock 5 in the cart
    user, sku = _buyer(category)

    # When the checkout's transaction (or its read) fails on every attempt
    with dynamodb_failing(failure) as failed:
        status, body = _commit(client, user)

    # Then 503 "5030": no order, the stock untouched, the cart intact; a retry then succeeds
    assert failed, "the fault was not injected"
    assert failure is not transaction_conflict or len(failed) == CONFLICT_RETRIES + 1  # retried before giving up
    assert (status, body["code"]) == (503, "5030"), body
    assert list(OrderModel.query(user["id"])) == [] and stock_and_sales(sku) == (5, 0)
    assert call(client, "GET", "/carts/simple/", token=user["token"])[1]["cart_skus"][0]["count"] == 2
    assert _commit(client, user)[0] == 200 and stock_and_sales(sku) == (3, 2)


def test_a_passing_transaction_conflict_is_retried_and_places_one_order(client, category):
    user, sku = _buyer(category)
    with dynamodb_failing(first(1, transaction_conflict)) as failed:
        status, body = _commit(client, user)
    assert failed == ["TransactWriteItems"] and status == 200, body
    assert [o.order_id for o in OrderModel.query(user["id"])] == [body["order_id"]] and stock_and_sales(sku) == (3, 2)


@pytest.mark.parametrize(
    ("path", "operation"),
    [("/orders/", "Query"), ("/skus/{sku}/", "GetItem"), ("/addresses/", "Query"), ("/info/", "GetItem")],
)
def test_throttled_reads_answer_503(client, category, path, operation):
    user, sku = _buyer(category)
    with dynamodb_failing(throttled(operation)) as failed:
        status, body = call(client, "GET", path.format(sku=sku), token=user["token"])
    assert failed and (status, body["code"]) == (503, "5030"), body


def test_a_conflicting_cancel_answers_503_and_keeps_the_order_and_the_stock(client, category):
    user, sku = _buyer(category, count=3)
    order_id = _commit(client, user)[1]["order_id"]
    with dynamodb_failing(transaction_conflict):
        status, body = call(client, "PUT", f"/orders/{order_id}/cancel/", token=user["token"])
    assert (status, body["code"]) == (503, "5030")
    assert OrderModel.get(user["id"], order_id, consistent_read=True).status == 1 and stock_and_sales(sku) == (2, 3)


def test_a_throttled_visit_count_answers_503(client, category):
    with dynamodb_failing(throttled("UpdateItem")) as failed:
        status, body = call(client, "POST", f"/detail/visit/{category}/")
    assert failed and (status, body["code"]) == (503, "5030")


def test_a_flash_sale_order_hit_by_a_conflict_is_retried_by_redelivery_and_placed_once(client, category, redis_client):
    # Given an admitted flash-sale task whose message waits in the queue
    staff = make_user(is_staff=True)
    user, sku = _buyer(category, stock=3, count=1)
    assert call(client, "POST", f"/admin/sckill/{sku}/", {"quantity": 3}, token=staff["token"])[0] == 200
    task_id = call(client, "POST", "/user/sckill/", {"sku_id": sku}, token=user["token"])[1]["task_id"]

    # When the consumer's transaction conflicts on the first delivery (a batch failed whole fails the invocation)
    recording = recorded_records("seckill_orders_consumer")
    with recording as records, dynamodb_failing(transaction_conflict) as failed, suppress(BatchProcessingError):
        consume("seckill-orders", "seckill_orders_consumer", max_batches=1)
    assert failed and list(OrderModel.query(user["id"])) == []

    # Then the record was reported failed, not deleted: it comes back, and the redelivery places one order
    reopen("seckill-orders", [r for r in records if task_id in r["body"]])
    consume("seckill-orders", "seckill_orders_consumer")
    orders = list(OrderModel.query(user["id"]))
    assert len(orders) == 1 and stock_and_sales(sku) == (2, 1)
    assert redis_client.hget(gate.task_key(task_id), "order_id") == orders[0].order_id


def test_every_transaction_carries_a_request_token_and_a_retry_after_a_conflict_a_new_one(client, category):
    # Given a buyer, and a recorder of the TransactWriteItems requests sent (the first one cancelled by a conflict)
    user, _ = _buyer(category)
    tokens: list[str] = []

    def recorded(operation: str, params: dict) -> object:
        if operation != "TransactWriteItems":
            return None
        tokens.append(params.get("ClientRequestToken", ""))
        return transaction_conflict(operation, params) if len(tokens) == 1 else None

    # When the checkout commits
    with dynamodb_failing(recorded):
        assert _commit(client, user)[0] == 200
    # Then each send named its token (botocore's own resends of one send reuse it: DynamoDB applies it once),
    # and the send after the conflict was a new request
    assert len(tokens) == 2 and all(len(t) == 32 for t in tokens) and tokens[0] != tokens[1], tokens
