"""GET /openapi.json: a valid OpenAPI 3.1 document of every route, generated from what the handlers really parse."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys

import pytest
from openapi_spec_validator import validate

from chalicelib.core import openapi
from chalicelib.core.edges import is_generated
from chalicelib.core.routespec import RouteSpec, spec_of
from tests.conftest import ROOT
from tests.factories import call

pytestmark = pytest.mark.usefixtures("services")


def _specs() -> list[RouteSpec]:
    from app import app

    return openapi.route_specs(app)


def _handler_source(spec: RouteSpec) -> str:
    from app import app

    entry = app.routes[spec.path.rstrip("/") or "/"][spec.methods[0]]
    return inspect.getsource(inspect.unwrap(entry.view_function))


def _hidden(view) -> bool:
    spec = spec_of(view)
    return spec is not None and spec.hidden


def test_the_served_document_is_valid_openapi_3_1(client):
    response = client.http.get("/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.body)
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_route_and_method_is_documented_once(client):
    from app import app

    paths = json.loads(client.http.get("/openapi.json").body)["paths"]
    documented = {(path.rstrip("/") or "/", method.upper()) for path, item in paths.items() for method in item}
    routed = {
        (path, method)
        for path, entries in app.routes.items()
        for method, entry in entries.items()
        if not is_generated(entry.view_function) and not _hidden(entry.view_function)
    }
    assert documented == routed
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


@pytest.mark.parametrize("spec", _specs(), ids=lambda s: f"{s.methods[0]} {s.path}")
def test_handlers_leave_auth_and_parsing_to_their_route_declaration(spec):
    # route() authenticates and parses what the spec declares; a handler doing it again could drift from the spec.
    source = _handler_source(spec)
    for helper in (
        "require_user(",
        "require_staff(",
        "optional_principal(",
        "parse_body(",
        "parse_query(",
        "current_request",
    ):
        assert helper not in source, (spec.operation, helper)


@pytest.mark.parametrize("spec", [s for s in _specs() if s.auth in {"user", "staff"}], ids=lambda s: s.operation)
def test_operations_that_declare_a_token_answer_401_without_one(client, spec):
    path = re.sub(r"\{(\w+)\}", lambda m: "12345678901234567890123" if m.group(1) == "order_id" else "1", spec.path)
    status, body = call(client, spec.methods[0], path, raw=b"{}")
    assert (status, body["code"]) == (401, "4101")


def test_documented_bodies_queries_and_envelopes_follow_the_models(client):
    document = json.loads(client.http.get("/openapi.json").body)
    schemas = document["components"]["schemas"]
    register = document["paths"]["/users/"]["post"]
    # One path, two pages' bodies: meiduo's and renran's (nickname, no username).
    assert register["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/RegisterBody")
    assert [one["$ref"].rsplit("/", 1)[1] for one in schemas["RegisterBody"]["anyOf"]] == [
        "RegisterRequest",
        "RenranRegisterRequest",
    ]
    assert {"username", "password", "sms_code", "allow"} <= set(schemas["RegisterRequest"]["required"])
    assert set(schemas["RenranRegisterRequest"]["required"]) == {"nickname", "mobile", "sms_code", "password"}
    assert register["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/Envelope")
    orders = document["paths"]["/orders/"]["get"]
    page_size = next(p for p in orders["parameters"] if p["name"] == "page_size")
    assert (page_size["in"], page_size["required"], page_size["schema"]["maximum"]) == ("query", False, 50)
    assert orders["security"] == [{"bearer": []}] and document["paths"]["/carts/"]["get"]["security"][0] == {}
    assert schemas["Error"]["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/FieldError"}
    assert schemas["Envelope"]["required"] == ["code", "errmsg"]


def test_importing_the_app_neither_imports_nor_builds_the_document():
    code = "import sys, app; print('chalicelib.core.openapi' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_optional_x_cart_id_header_is_declared_on_exactly_the_routes_that_read_it(client):
    # Given the cart's routes and the logins that merge an anonymous cart
    readers = {("get", "/carts/"), ("post", "/carts/"), ("put", "/carts/"), ("delete", "/carts/")}
    readers |= {("put", "/carts/selection/"), ("get", "/carts/simple/")}
    readers |= {("post", "/authorizations/"), ("post", "/login/")}
    readers |= {("get", "/oauth_callback/"), ("post", "/oauth_callback/")}
    paths = json.loads(client.http.get("/openapi.json").body)["paths"]

    # When the document's header parameters named X-Cart-Id are collected
    declared = {
        (method, path): parameter
        for path, item in paths.items()
        for method, operation in item.items()
        for parameter in operation.get("parameters", [])
        if parameter["name"].lower() == "x-cart-id"
    }

    # Then each reader declares it, optional, as any string (an id the server did not sign is ignored, not refused)
    assert set(declared) == readers
    for parameter in declared.values():
        assert (parameter["in"], parameter["required"], parameter["schema"]["type"]) == ("header", False, "string")
        assert "pattern" not in parameter["schema"] and "maxLength" not in parameter["schema"]
        assert "signed id" in parameter["description"]


def test_a_route_answering_a_bare_list_says_so_and_its_errors_stay_envelopes(client):
    paths = json.loads(client.http.get("/openapi.json").body)["paths"]
    answers = paths["/banner/"]["get"]["responses"]
    assert answers["200"]["content"]["application/json"]["schema"] == {"type": "array"}
    assert answers["503"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert paths["/home/banner/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Envelope"
    }
