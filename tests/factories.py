"""Factories for test data: unique users, codes and tokens, catalogue items, through the public API where it matters."""

from __future__ import annotations

import itertools
import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from chalice.test import Client

from chalicelib.catalogue import service as catalogue
from chalicelib.catalogue.repository import CategoryModel, SkuModel, SpuModel
from chalicelib.core.auth import issue_token
from chalicelib.core.clients import get_redis
from chalicelib.core.passwords import hash_password
from chalicelib.users import accounts, repository

PASSWORD = "correct-horse-1"
_seq = itertools.count(1)


def unique_mobile() -> str:
    """A mobile number no other test uses."""
    return f"13{random.randint(0, 9)}{next(_seq) % 10**4:04d}{random.randint(0, 9999):04d}"


def unique_username() -> str:
    """A valid username no other test uses."""
    return f"u_{uuid.uuid4().hex[:12]}"


def make_user(is_staff: bool = False) -> dict[str, Any]:
    """A user stored directly, with a token; its standing is already cached, as for a user who is browsing.

    Requests-per-operation tests so count the operation alone: authorisation's own read of the user's standing
    happens once per AUTH_CACHE_SECONDS per container, not per request.
    """
    user = repository.create_user(unique_username(), unique_mobile(), hash_password(PASSWORD), is_staff=is_staff)
    token = issue_token(int(user.user_id), user.username, is_staff)
    accounts.standing(int(user.user_id))
    return {"id": int(user.user_id), "username": user.username, "mobile": user.mobile, "token": token}


def auth(token: str) -> dict[str, str]:
    """Headers of an authenticated JSON request."""
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def call(client: Client, method: str, path: str, body: Any = None, token: str | None = None, raw: bytes | None = None):
    """Send a request; returns (status, parsed JSON body)."""
    headers = auth(token) if token else {"Content-Type": "application/json"}
    payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
    response = client.http.request(method, path, headers=headers, body=payload)
    parsed = json.loads(response.body) if response.body else {}
    return response.status_code, parsed


# Catalogue ids start far above the demo catalogue's fixed ids (devstack/catalogue_data.py), so both can coexist.
_catalogue_ids = itertools.count(1_000_000)


def make_categories(group_id: int = 99) -> dict[str, Any]:
    """A new first → second → third-level chain, the first a channel of `group_id`; the tree cache is dropped."""
    ids = [next(_catalogue_ids) for _ in range(3)]
    names = [f"类别{i}" for i in ids]
    cats = [
        CategoryModel(ids[0], name=names[0], level=1, group_id=group_id, sequence=1, url=f"http://c{ids[0]}.example"),
        CategoryModel(ids[1], name=names[1], level=2, parent_id=ids[0]),
        CategoryModel(ids[2], name=names[2], level=3, parent_id=ids[1]),
    ]
    catalogue.load_catalogue(get_redis(), cats, [], [])
    return {"cat1": ids[0], "cat2": ids[1], "cat3": ids[2], "names": names}


def make_skus(category_id: int, *specs: dict[str, Any]) -> list[int]:
    """SKUs of one new SPU in a third-level category; each spec may set price, stock, sales, comments, age_hours."""
    spu_id = next(_catalogue_ids)
    now = datetime.now(UTC)
    skus = []
    for spec in specs:
        sku_id = next(_catalogue_ids)
        skus.append(
            SkuModel(
                sku_id,
                spu_id=spu_id,
                category_id=category_id,
                name=spec.get("name", f"商品{sku_id}"),
                caption=f"说明{sku_id}",
                price=Decimal(str(spec.get("price", "100.00"))),
                stock=spec.get("stock", 10),
                sales=spec.get("sales", 0),
                comments=spec.get("comments", 0),
                default_image_url=f"https://images.example.com/skus/{sku_id}.jpg",
                create_time=now - timedelta(hours=spec.get("age_hours", 0)),
            )
        )
    catalogue.load_catalogue(get_redis(), [], [SpuModel(spu_id, name=f"SPU{spu_id}", category_id=category_id)], skus)
    return [int(s.sku_id) for s in skus]


# 广东省 / 广州市 / 天河区 in GB/T 2260.
GUANGZHOU = {"province_id": 440000, "city_id": 440100, "district_id": 440106}


def make_address(user_id: int) -> int:
    """An address of the user, stored directly (the first one becomes the default); returns its id."""
    from chalicelib.addresses import repository as addresses

    names = {"province": "广东省", "city": "广州市", "district": "天河区"}
    values: dict[str, Any] = {"title": "家", "receiver": "张三", "place": "体育西路 1 号", "mobile": "13800138000"}
    values |= GUANGZHOU | names
    return int(addresses.create(user_id, values, limit=20).address_id)


def fill_cart(user_id: int, counts: dict[int, int], selected: bool = True) -> None:
    """Put lines straight into a user's Redis cart."""
    from chalicelib.cart import store

    keys = store.CartKeys.for_user(user_id)
    for sku_id, count in counts.items():
        store.write_line(get_redis(), keys, sku_id, count, selected, add=False)


def stock_and_sales(sku_id: int) -> tuple[int, int]:
    """A SKU's stock and sales as stored (strongly consistent)."""
    sku = SkuModel.get(sku_id, consistent_read=True)
    return int(sku.stock), int(sku.sales)


def spu_sales(sku_id: int) -> int:
    """The sales of the SPU a SKU belongs to."""
    spu_id = int(SkuModel.get(sku_id, consistent_read=True).spu_id)
    return int(SpuModel.get(spu_id, consistent_read=True).sales)


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

    scheduler = aws_client("scheduler")
    names = [
        s["Name"]
        for page in scheduler.get_paginator("list_schedules").paginate(GroupName="default", NamePrefix="shop-order-")
        for s in page["Schedules"]
    ]
    for name in names:
        scheduler.delete_schedule(Name=name, GroupName="default")
    return len(names)
