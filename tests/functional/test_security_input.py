"""Hostile input over HTTP: forged tokens, oversized bodies, key-like ids in bodies and queries, key-like logins.

test_input_sweep.py sends malformed bodies and path values to every route (no 5xx); this module asks for the exact
4xx, driven by what each route declares. Rate limits: test_users.py (login per client, SMS codes per client).
"""

from __future__ import annotations

import base64
import json
import re
import time

import jwt
import pytest

from chalicelib.core import openapi
from chalicelib.core.auth import issue_token
from chalicelib.core.routespec import RouteSpec
from chalicelib.core.settings import get_settings
from chalicelib.core.tokens import audience, sign
from tests.factories import GUANGZHOU, PASSWORD, call, make_user

pytestmark = pytest.mark.usefixtures("services")
KEY_LIKE_IDS = ["1#2", "1|2", "user_id#1", "9" * 64, 10**40, -1]


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _forged_tokens() -> dict[str, str]:
    # Each forgery carries a login audience, so it is refused for what it names, not for a missing claim.
    secret, future, aud = get_settings().jwt_secret, int(time.time()) + 600, audience("login")
    return {
        "alg-none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({'sub': '1', 'exp': future, 'aud': aud})}.",
        "wrong-signature": jwt.encode({"sub": "1", "exp": future, "aud": aud}, "x" * 40, algorithm="HS256"),
        "expired": issue_token(1, "someone", now=time.time() - get_settings().jwt_ttl_seconds - 1),
        "missing-sub": jwt.encode({"exp": future, "aud": aud}, secret, algorithm="HS256"),
        "other-hmac": jwt.encode({"sub": "1", "exp": future, "aud": aud}, secret, algorithm="HS512"),
        "text-sub": jwt.encode({"sub": "admin", "exp": future, "aud": aud}, secret, algorithm="HS256"),
        "no-audience": jwt.encode({"sub": "1", "exp": future}, secret, algorithm="HS256"),
        "email-link": sign("email-verify", "1", 600, email="a@example.com"),
        "garbage": "not.a.token",
    }


def _specs(test: str) -> list[RouteSpec]:
    from app import app

    specs = openapi.route_specs(app)
    if test == "body":
        return [s for s in specs if s.body is not None]
    return [s for s in specs if s.body is not None and any(f.endswith("_id") for f in s.body.model_fields)]


def _path(spec: RouteSpec) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "1" * 24 if m.group(1) == "order_id" else "1", spec.path)


def _token(spec: RouteSpec) -> str:
    return make_user(is_staff=spec.auth == "staff")["token"]


@pytest.mark.parametrize(("name", "token"), list(_forged_tokens().items()), ids=list(_forged_tokens()))
@pytest.mark.parametrize("path", ["/info/", "/carts/", "/push/article/"])
def test_a_forged_or_expired_token_is_401_even_where_a_token_is_optional(client, name, token, path):
    for scheme in ("JWT", "Bearer"):
        response = client.http.get(path, headers={"Authorization": f"{scheme} {token}"})
        assert (response.status_code, json.loads(response.body)["code"]) == (401, "4101"), name


@pytest.mark.parametrize("spec", _specs("body"), ids=lambda s: f"{s.methods[0]} {s.path}")
def test_every_body_above_the_limit_is_413(client, spec):
    oversized = json.dumps({"title": "x" * (get_settings().max_body_bytes + 1)}).encode()
    status, body = call(client, spec.methods[0], _path(spec), raw=oversized, token=_token(spec))
    assert (status, body["code"]) == (413, "4003"), body


@pytest.mark.parametrize("spec", _specs("ids"), ids=lambda s: f"{s.methods[0]} {s.path}")
def test_key_like_or_huge_ids_in_a_body_are_400_naming_the_field(client, spec):
    assert spec.body is not None
    token = _token(spec)
    for field in (f for f in spec.body.model_fields if f.endswith("_id")):
        for value in KEY_LIKE_IDS:
            status, body = call(client, spec.methods[0], _path(spec), {field: value}, token=token)
            assert status == 400 and field in {e["field"] for e in body["errors"]}, (field, value, body)


@pytest.mark.parametrize("account", ["#", "|", "username#x", "mobile#13800138000", "a" * 20, "' OR 1=1 --"])
def test_key_like_accounts_never_log_in(client, account):
    status, body = call(client, "POST", "/authorizations/", {"username": account, "password": PASSWORD})
    assert (status, body["code"]) == (401, "4004") and "token" not in body


@pytest.mark.parametrize("key", ["a#b", "a|b", "x" * 65, "é"])
def test_a_key_like_idempotency_key_is_400(client, key):
    headers = {
        "Authorization": f"JWT {make_user()['token']}",
        "Content-Type": "application/json",
        "Idempotency-Key": key,
    }
    body = json.dumps({"address_id": 1, "pay_method": 2}).encode()
    response = client.http.post("/orders/commit/", headers=headers, body=body)
    answer = json.loads(response.body)
    assert response.status_code == 400 and answer["errors"][0]["field"] == "Idempotency-Key"


def test_key_like_text_is_stored_as_text(client):
    user = make_user()
    form = {"receiver": "a#b|c", "place": "user_id#1|x", "mobile": "13800138000", **GUANGZHOU}
    status, body = call(client, "POST", "/addresses/create/", form, user["token"])
    assert status == 201, body
    listed = call(client, "GET", "/addresses/", token=user["token"])[1]["addresses"]
    assert [(a["receiver"], a["place"]) for a in listed] == [("a#b|c", "user_id#1|x")]
