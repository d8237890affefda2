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
from chalicelib.users import repository

PASSWORD = "correct-horse-1"
_seq = itertools.count(1)


def unique_mobile() -> str:
    """A mobile number no other test uses."""
    return f"13{random.randint(0, 9)}{next(_seq) % 10**4:04d}{random.randint(0, 9999):04d}"


def unique_username() -> str:
    """A valid username no other test uses."""
    return f"u_{uuid.uuid4().hex[:12]}"


def make_user(is_staff: bool = False) -> dict[str, Any]:
    """A user stored directly, with a token."""
    user = repository.create_user(unique_username(), unique_mobile(), hash_password(PASSWORD), is_staff=is_staff)
    token = issue_token(int(user.user_id), user.username, is_staff)
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
