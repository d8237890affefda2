"""CORS and the API's edges: preflights, the allowed origin echoed with credentials, 405 and 404 in the envelope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice import Blueprint, Chalice
from chalice.test import Client

from chalicelib.core.edges import UNKNOWN_PATH, complete
from chalicelib.core.routing import route
from chalicelib.core.schemas import Body

ALLOWED = "http://127.0.0.1:8080"


class _Item(Body):
    name: str


def _app() -> Chalice:
    bp = Blueprint(__name__)

    @route(bp, "/items/")
    def items() -> dict[str, Any]:
        return {"items": []}

    @route(bp, "/items/", ["POST"], body=_Item)
    def add(body: _Item) -> dict[str, Any]:
        return {"name": body.name}

    app = Chalice("edges-test")
    app.register_blueprint(bp)
    return complete(app)


def test_a_preflight_from_an_allowed_origin_names_the_paths_methods_and_headers():
    with Client(_app()) as client:
        response = client.http.request("OPTIONS", "/items/", headers={"Origin": ALLOWED})
    headers = response.headers
    assert response.status_code == 204
    assert headers["Access-Control-Allow-Origin"] == ALLOWED and headers["Access-Control-Allow-Credentials"] == "true"
    assert headers["Access-Control-Allow-Methods"] == "GET, OPTIONS, POST"
    assert {"Authorization", "Content-Type", "X-Cart-Id", "Idempotency-Key"} <= {
        h.strip() for h in headers["Access-Control-Allow-Headers"].split(",")
    }


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:8080.evil.example"])
def test_another_origin_gets_no_cors_header_so_the_browser_refuses(origin):
    with Client(_app()) as client:
        preflight = client.http.request("OPTIONS", "/items/", headers={"Origin": origin})
        read = client.http.get("/items/", headers={"Origin": origin})
    for response in (preflight, read):
        assert not any(h.lower().startswith("access-control-allow") for h in response.headers)


def test_an_allowed_origin_can_read_answers_and_their_ids_never_with_a_wildcard():
    with Client(_app()) as client:
        response = client.http.get("/items/", headers={"Origin": ALLOWED})
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "X-Request-Id" in response.headers["Access-Control-Expose-Headers"]
    assert response.headers["Vary"] == "Origin"


def test_a_method_the_path_lacks_is_405_in_the_envelope_with_allow():
    with Client(_app()) as client:
        response = client.http.request("DELETE", "/items/", headers={"Origin": ALLOWED})
    body = json.loads(response.body)
    assert (response.status_code, body["code"], response.headers["Allow"]) == (405, "4003", "GET, OPTIONS, POST")
    assert body["request_id"] and response.headers["Access-Control-Allow-Origin"] == ALLOWED


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_declared_json_is_415_in_the_envelope(content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    with Client(_app()) as client:
        response = client.http.post("/items/", body=b'{"name": "x"}', headers=headers)
    body = json.loads(response.body)
    assert (response.status_code, body["code"], body["errors"][0]["field"]) == (415, "4003", "Content-Type")


def test_json_with_a_charset_is_json():
    with Client(_app()) as client:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        response = client.http.post("/items/", body=b'{"name": "x"}', headers=headers)
    assert response.status_code == 200


def test_a_path_no_route_names_is_404_in_the_envelope():
    # API Gateway hands an unknown path to the greedy resource; this is that event.
    app = _app()
    event = {
        "resource": UNKNOWN_PATH,
        "path": "/nowhere/at/all",
        "httpMethod": "GET",
        "headers": {"origin": ALLOWED},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": "nowhere/at/all"},
        "stageVariables": None,
        "requestContext": {"resourcePath": UNKNOWN_PATH, "httpMethod": "GET", "requestId": "req-1", "identity": {}},
        "body": None,
        "isBase64Encoded": False,
    }
    response = app(event, None)
    body = json.loads(response["body"])
    assert (response["statusCode"], body["code"], body["request_id"]) == (404, "4404", "req-1")
    assert response["headers"]["Access-Control-Allow-Origin"] == ALLOWED
