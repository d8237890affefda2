"""Factories for test data: users, catalogue items, addresses and carts from devstack's shared factories (which
the benchmark uses too), and requests, articles and follows through the public API."""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalice.test import Client

from devstack import factories
from devstack.catalogue_factories import make_categories, make_skus, spu_sales, stock_and_sales
from devstack.factories import (
    GUANGZHOU,
    PASSWORD,
    fill_cart,
    make_address,
    unique_mobile,
    unique_username,
)

__all__ = [
    "GUANGZHOU",
    "PASSWORD",
    "auth",
    "call",
    "drop_order_schedules",
    "fill_cart",
    "follow",
    "make_address",
    "make_article",
    "make_categories",
    "make_skus",
    "make_user",
    "spu_sales",
    "stock_and_sales",
    "unique_mobile",
    "unique_username",
]


def make_user(is_staff: bool = False) -> dict[str, Any]:
    """A user stored directly, with a token; its standing is already cached, as for a user who is browsing.

    Requests-per-operation tests so count the operation alone: authorisation's own read of the user's standing
    happens once per AUTH_CACHE_SECONDS per container, not per request.
    """
    user = factories.make_user(is_staff)
    return {"id": user.id, "username": user.username, "mobile": user.mobile, "token": user.token}


def auth(token: str) -> dict[str, str]:
    """Headers of an authenticated JSON request."""
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def call(client: Client, method: str, path: str, body: Any = None, token: str | None = None, raw: bytes | None = None):
    """Send a request; returns (status, parsed JSON body), the body {} when empty or not JSON (the docs page)."""
    headers = auth(token) if token else {"Content-Type": "application/json"}
    payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
    response = client.http.request(method, path, headers=headers, body=payload)
    is_json = response.headers.get("Content-Type", "").startswith("application/json")
    parsed = json.loads(response.body) if response.body and is_json else {}
    return response.status_code, parsed


def make_article(client: Client, token: str, title: str = "", publish: bool = False) -> dict[str, Any]:
    """A draft through POST /article/, published through the toggle when asked; returns the article."""
    draft = {"title": title or f"t{uuid.uuid4().hex[:8]}", "content": "c", "html_content": "<p>c</p>"}
    status, body = call(client, "POST", "/article/", draft, token)
    assert status == 201, body
    if publish:
        status, body = call(client, "PATCH", f"/article/{body['article']['id']}/", token=token)
        assert status == 200 and body["article"]["status"] == "public", body
    return dict(body["article"])


def follow(client: Client, token: str, author_id: int, status: int = 0) -> dict[str, Any]:
    """PUT /article/focus/ with the caller's current status (0 follows, 1 unfollows); returns the answer."""
    code, body = call(client, "PUT", "/article/focus/", {"author_id": author_id, "status": status}, token)
    assert code == 200, body
    return dict(body)


def drop_order_schedules() -> int:
    """Delete every order-timeout schedule left by tests (moto's state is shared by every server in the process)."""
    from chalicelib.core.clients import aws_client
    from chalicelib.core.schedules import physical_name

    scheduler = aws_client("scheduler")
    prefix = physical_name("shop-order-")
    names = [
        s["Name"]
        for page in scheduler.get_paginator("list_schedules").paginate(GroupName="default", NamePrefix=prefix)
        for s in page["Schedules"]
    ]
    for name in names:
        scheduler.delete_schedule(Name=name, GroupName="default")
    return len(names)
