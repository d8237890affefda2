"""The local server as browsers and load tests meet it: bursts queue instead of resetting, every answer enveloped."""

from __future__ import annotations

import http.client
import json
import threading
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import LocalStack

pytestmark = pytest.mark.e2e
CLIENTS = 200


def _raw(stack: LocalStack, method: str, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    url = urlsplit(stack.base_url)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=60)
    connection.request(method, path, headers=headers or {})
    return connection.getresponse()


def test_a_burst_of_200_clients_is_queued_not_reset(stack: LocalStack):
    # Given 200 clients released together against one local server
    barrier, statuses, errors = threading.Barrier(CLIENTS), [], []

    def one() -> None:
        barrier.wait()
        try:
            statuses.append(_raw(stack, "GET", "/health/").status)
        except OSError as exc:  # a reset or refused connection
            errors.append(repr(exc))

    threads = [threading.Thread(target=one) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then every one of them got an answer
    assert errors == [] and statuses == [200] * CLIENTS


@pytest.mark.parametrize("path", ["/nowhere/", "/no/such/deep/path/"])
def test_a_path_no_route_names_is_404_in_the_envelope(stack: LocalStack, path: str):
    response = _raw(stack, "GET", path)
    body = json.loads(response.read())
    assert (response.status, body["code"]) == (404, "4404") and body["request_id"]


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "QUERY", "BREW"])
def test_a_method_api_gateway_lacks_is_405_in_the_envelope(stack: LocalStack, method: str):
    response = _raw(stack, method, "/health/")
    assert (response.status, json.loads(response.read())["code"]) == (405, "4003")


def test_a_browser_preflight_from_the_front_end_origin_is_allowed(stack: LocalStack):
    headers = {
        "Origin": "http://localhost:8080",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    response = _raw(stack, "OPTIONS", "/authorizations/", headers)
    response.read()
    assert response.status == 204
    assert response.getheader("Access-Control-Allow-Origin") == "http://localhost:8080"
    assert response.getheader("Access-Control-Allow-Credentials") == "true"
    assert "POST" in (response.getheader("Access-Control-Allow-Methods") or "")


def test_a_preflight_is_answered_for_any_path_so_the_page_reads_the_real_404(stack: LocalStack):
    page = "http://localhost:8080"
    preflight = _raw(stack, "OPTIONS", "/no/such/path/", {"Origin": page, "Access-Control-Request-Method": "POST"})
    preflight.read()
    assert preflight.status == 204 and preflight.getheader("Access-Control-Allow-Origin") == page
    assert "POST" in (preflight.getheader("Access-Control-Allow-Methods") or "")
    missing = _raw(stack, "POST", "/no/such/path/", {"Origin": page, "Content-Type": "application/json"})
    assert json.loads(missing.read())["code"] == "4404" and missing.status == 404
    assert missing.getheader("Access-Control-Allow-Origin") == page
    foreign = _raw(stack, "OPTIONS", "/no/such/path/", {"Origin": "https://evil.example"})
    foreign.read()
    assert foreign.getheader("Access-Control-Allow-Origin") is None


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE")


def test_every_method_a_documented_path_lacks_is_405_in_the_envelope(stack: LocalStack):
    # Given every path of the running stack's own API document, with a sample id in each path parameter
    response = _raw(stack, "GET", "/openapi.json")
    paths: dict[str, dict[str, object]] = json.loads(response.read())["paths"]
    missed: list[tuple[object, ...]] = []
    for template, operations in paths.items():
        path = "".join("1" + part.split("}", 1)[1] if "}" in part else part for part in template.split("{"))
        for method in (m for m in METHODS if m.lower() not in operations):
            # When a browser or a scanner sends a method the path does not have
            answer = _raw(stack, method, path, {"Origin": "http://localhost:8080"})
            raw = answer.read()
            body = json.loads(raw) if raw else {}
            # Then it is a 405 in the envelope naming the methods it has, and still readable cross-origin
            allowed = answer.getheader("Allow") or ""
            if (answer.status, body.get("code")) != (405, "4003") or not body.get("request_id"):
                missed.append((method, path, answer.status, raw[:80]))
            elif not {m.upper() for m in operations} <= set(allowed.replace(" ", "").split(",")):
                missed.append((method, path, "Allow", allowed))
            elif answer.getheader("Access-Control-Allow-Origin") != "http://localhost:8080":
                missed.append((method, path, "no CORS"))
    assert missed == [], "\n".join(map(str, missed))
