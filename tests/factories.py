"""Factories for test data: unique users, codes and tokens, through the public API where it matters."""

from __future__ import annotations

import itertools
import json
import random
import uuid
from typing import Any

from chalice.test import Client

from chalicelib.core.auth import issue_token
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
