"""One representative first invocation per packaged function: an API Gateway, SQS, schedule or stream event."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt

from bench.snapstart_probe import SECRET

Json = dict[str, Any]
QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:shop-"
STREAM_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/shop-{}/stream/2024-01-01T00:00:00.000"


# Resources with a path parameter the events below use: (path prefix, resource, parameter).
_PARAMETERISED = (
    ("/detail/visit/", "/detail/visit/{category_id}", "category_id"),
    ("/payment/", "/payment/{order_id}", "order_id"),
)


def api(method: str, path: str, query: Json | None = None, body: Json | None = None) -> Json:
    """A REST API (v1 proxy) event as API Gateway sends it, `path` matching the route's resource literally."""
    headers = {"Host": "api.example.com", "Accept": "application/json", "User-Agent": "bench"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    resource, params = path, {}
    for prefix, template, name in _PARAMETERISED:
        if path.startswith(prefix):
            resource, params = template, {name: path.removeprefix(prefix)}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": params or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/api{path}",
            "stage": "api",
            "requestId": "bench-request",
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "bench"},
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def sqs(queue: str, body: Json) -> Json:
    """An SQS batch of one record."""
    record = {
        "messageId": "00000000-0000-4000-8000-000000000001",
        "receiptHandle": "bench",
        "body": json.dumps(body),
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1700000000000"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": QUEUE_ARN + queue,
        "awsRegion": "us-east-1",
    }
    return {"Records": [record]}


def schedule() -> Json:
    """An EventBridge scheduled event."""
    return {"version": "0", "id": "bench", "detail-type": "Scheduled Event", "source": "aws.events", "detail": {}}


def stream(table: str, image: Json, keys: tuple[str, ...] = ("PK",)) -> Json:
    """A DynamoDB stream batch of one INSERT record, keyed by `keys` of `image`."""
    record = {
        "eventID": "1",
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "eventSourceARN": STREAM_ARN.format(table),
        "dynamodb": {
            "Keys": {key: image[key] for key in keys},
            "NewImage": image,
            "SequenceNumber": "100",
            "StreamViewType": "NEW_IMAGE",
        },
    }
    return {"Records": [record]}


_SKU = {"PK": {"S": "SKU#1"}, "sku_id": {"N": "1"}, "name": {"S": "phone"}, "price": {"N": "100"}}
_ARTICLE = {"PK": {"S": "ARTICLE#1"}, "article_id": {"N": "1"}, "title": {"S": "hello"}, "status": {"S": "public"}}
# A behaviour log entry (the log's key is the user and the time of the action).
_LOG = {"user_id": {"N": "1"}, "acted_at": {"N": "1700000000000000"}, "article_id": {"N": "1"}, "kind": {"S": "read"}}
# A like in the behaviour log, and a follow: what the notices consumers are told.
_LIKE = {**_LOG, "read_at": {"N": "1700000000"}, "liked_at": {"N": "1700000001"}}
_FOLLOW = {"follower_id": {"N": "1"}, "author_id": {"N": "2"}, "since_us": {"N": "1700000000000000"}}
# A flash-sale order as admission queues it, the buyer's default address carried along.
_ORDER = {"task_id": "a" * 32, "user_id": 1, "sku_id": 1, "address_id": 1}
# A publication of now: the fan-out drops a message days old rather than deliver it twice.
_PUBLISH = {"kind": "publish", "article_id": 1, "author_id": 2, "feed_key": int(time.time()) * 1_000_000}
# Renran's QQ sign-up with the binding ticket its callback signed (under the secret the probe answers for the ARN):
# QQ itself is not called, the ticket is checked and the SMS code looked up in Redis.
_QQ_TICKET = jwt.encode(
    {"sub": "bench-openid", "aud": "shop:qq-bind", "iat": int(time.time()), "exp": int(time.time()) + 86_400},
    SECRET,
    algorithm="HS256",
)
_QQ_REGISTER = {
    "mobile": "13800000000",
    "nickname": "bench",
    "sms_code": "123456",
    "password": "bench-pass-1",
    "openid": _QQ_TICKET,
}
# By handler module: (event, whether the request carries a login token). Each reaches its data stores.
EVENTS: dict[str, tuple[Json, bool]] = {
    "api": (api("GET", "/orders", {"page": "1"}), True),
    "accounts": (api("GET", "/info"), True),
    "qq_login": (api("POST", "/oauth/qq/reg", body=_QQ_REGISTER), False),
    "cart": (api("GET", "/carts"), True),
    "checkout": (api("POST", "/orders/commit", body={"address_id": 1, "pay_method": 2}), True),
    "follow": (api("GET", "/article/focus", {"author_id": "2"}), True),
    "timeline": (api("GET", "/timeline"), True),
    "visits": (api("POST", "/detail/visit/1"), False),
    "search": (api("GET", "/search", {"q": "phone"}), False),
    "payments": (api("GET", "/payment/" + "2" * 24), True),
    "feed_fanout_consumer": (sqs("feed-fanout", _PUBLISH), False),
    "notifications_consumer": (sqs("notifications", {"kind": "sms", "mobile": "13800000000", "code": "123456"}), False),
    "order_timeouts_consumer": (sqs("order-timeouts", {"user_id": 1, "order_id": "2" * 24}), False),
    "seckill_orders_consumer": (sqs("seckill-orders", _ORDER), False),
    "publish_due_articles": (schedule(), False),
    "refresh_banner_cache": (schedule(), False),
    "sweep_unpaid_orders": (schedule(), False),
    "skus_indexer": (stream("skus", _SKU), False),
    "articles_indexer": (stream("articles", _ARTICLE), False),
    "recommendations_precompute": (stream("feed-logs", _LOG, ("user_id", "acted_at")), False),
    "notices_from_logs": (stream("feed-logs", _LIKE, ("user_id", "article_id")), False),
    "notices_from_follows": (stream("feed-relations", _FOLLOW, ("follower_id", "author_id")), False),
}


def event_for(module: str) -> tuple[Json | None, bool]:
    """The representative event of a handler module (`chalicelib.functions.cart`), None for an unknown one."""
    return EVENTS.get(module.rsplit(".", 1)[-1], (None, False))
