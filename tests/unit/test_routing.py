"""route(): the declaration is what the handler receives, checked before the handler runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice import Blueprint, Chalice
from chalice.test import Client
from pydantic import Field

from chalicelib.core.auth import Principal, issue_token
from chalicelib.core.errors import TooFrequent
from chalicelib.core.routing import route
from chalicelib.core.schemas import Body, Headers, Query


class _Body(Body):
    count: int = Field(ge=1)


class _Query(Query):
    size: int = Field(default=10, le=20)


class _Headers(Headers):
    key: str | None = Field(default=None, alias="Idempotency-Key", pattern=r"^[a-z]+$")


def _app() -> tuple[Chalice, list[dict[str, Any]]]:
    bp = Blueprint(__name__)
    calls: list[dict[str, Any]] = []

    @route(bp, "/things/{thing_id}/", ["POST"], body=_Body, query=_Query, headers=_Headers, auth="user")
    def make(user: Principal, thing_id: int, body: _Body, query: _Query, headers: _Headers) -> dict[str, Any]:
        calls.append(
            {"user": user.user_id, "id": thing_id, "count": body.count, "size": query.size, "key": headers.key}
        )
        return {"id": thing_id}

    @route(bp, "/open/", auth="optional")
    def peek(user: Principal | None) -> dict[str, Any]:
        return {"who": user.user_id if user else None}

    app = Chalice("routing-test")
    app.register_blueprint(bp)
    return app, calls


def _post(client: Client, path: str, body: Any, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    response = client.http.post(path, body=json.dumps(body), headers=all_headers)
    return response.status_code, json.loads(response.body)


def test_the_handler_receives_the_caller_and_every_input_typed():
    app, calls = _app()
    token = {"Authorization": f"Bearer {issue_token(7, 'seven')}", "idempotency-key": "abc"}
    with Client(app) as client:
        status, body = _post(client, "/things/42/?size=5", {"count": 3}, token)
    assert (status, body["id"]) == (200, 42)
    assert calls == [{"user": 7, "id": 42, "count": 3, "size": 5, "key": "abc"}]


def test_no_token_is_401_before_any_input_is_read_or_the_handler_runs():
    app, calls = _app()
    with Client(app) as client:
        status, body = _post(client, "/things/x/", {"count": 0})
    assert (status, body["code"]) == (401, "4101") and calls == []


@pytest.mark.parametrize("thing_id", ["²", "0", "1x", "\u0661", "1234567890123"])
def test_a_path_id_that_is_not_ascii_digits_is_400_naming_it(thing_id):
    app, calls = _app()
    token = {"Authorization": f"Bearer {issue_token(7, 'seven')}"}
    with Client(app) as client:
        status, body = _post(client, f"/things/{thing_id}/", {"count": 1}, token)
    assert (status, [e["field"] for e in body["errors"]]) == (400, ["thing_id"]) and calls == []


def test_every_bad_input_is_named_in_one_answer():
    app, calls = _app()
    token = {"Authorization": f"Bearer {issue_token(7, 'seven')}", "Idempotency-Key": "NOT-ok"}
    with Client(app) as client:
        status, body = _post(client, "/things/x/?size=99", {"count": 0}, token)
    assert status == 400 and calls == []
    assert [e["field"] for e in body["errors"]] == ["thing_id", "Idempotency-Key", "size", "count"]


def test_optional_auth_passes_none_for_an_anonymous_caller_and_401_for_a_bad_token():
    app, _ = _app()
    with Client(app) as client:
        assert json.loads(client.http.get("/open/").body)["who"] is None
        bad = client.http.get("/open/", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401


def test_a_handler_that_does_not_take_what_its_route_declares_fails_at_import():
    bp = Blueprint(__name__)
    with pytest.raises(TypeError, match="body"):

        @route(bp, "/x/", ["POST"], body=_Body)
        def forgot() -> dict[str, Any]:
            return {}

    with pytest.raises(TypeError, match="thing_id"):

        @route(bp, "/x/{thing_id}/")
        def misnamed(other_id: int) -> dict[str, Any]:
            return {}


_JSON = {"Content-Type": "application/json"}


def _raising_app(exc: Exception) -> Chalice:
    bp = Blueprint(__name__)

    @route(bp, "/fail/", ["POST"], body=_Body)
    def fail(body: _Body) -> dict[str, Any]:
        raise exc

    app = Chalice("routing-errors")
    app.register_blueprint(bp)
    return app


def test_every_error_names_its_request_id_in_the_body_and_a_header():
    with Client(_raising_app(RuntimeError("boom"))) as client:
        response = client.http.post(
            "/fail/", body=json.dumps({"count": 1}), headers={"Content-Type": "application/json"}
        )
    body = json.loads(response.body)
    assert response.status_code == 500 and body["code"] == "5000" and "boom" not in response.body.decode()
    assert body["request_id"] and response.headers["X-Request-Id"] == body["request_id"]


def test_a_429_says_when_to_retry():
    with Client(_raising_app(TooFrequent("slow down", retry_after=17))) as client:
        response = client.http.post(
            "/fail/", body=json.dumps({"count": 1}), headers={"Content-Type": "application/json"}
        )
    assert (response.status_code, response.headers["Retry-After"]) == (429, "17")


@pytest.mark.parametrize("depth", [17, 5000])
def test_json_nested_too_deep_is_400_naming_the_body_not_a_500(depth):
    with Client(_raising_app(AssertionError("not reached"))) as client:
        raw = '{"count": ' + "[" * depth + "]" * depth + "}"
        response = client.http.post("/fail/", body=raw, headers=_JSON)
    body = json.loads(response.body)
    assert (response.status_code, body["errors"][0]["field"]) == (400, "body")
