"""GET / and /docs/: Swagger UI on the API's own document, every asset served by the API itself, under a strict CSP."""

from __future__ import annotations

import json
import re

import pytest

from chalicelib.core import openapi
from chalicelib.core.routespec import spec_of
from chalicelib.docs import assets

pytestmark = pytest.mark.usefixtures("services")
PAGES = ["/", "/docs/", "/docs"]


def _referenced(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


@pytest.mark.parametrize("path", PAGES)
def test_the_docs_page_loads_swagger_ui_and_its_own_script_from_this_api(client, path):
    response = client.http.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert _referenced(response.body.decode()) == [
        "data:,",  # no favicon request
        "/docs/swagger-ui.css",
        "/docs/docs.css",
        "/docs/swagger-ui-bundle.js",
        "/docs/docs.js",
    ]


def test_the_page_may_run_only_scripts_and_styles_from_this_api():
    # A CDN script, an inline script or eval would be refused by the browser under this policy.
    from chalicelib.docs.page import CONTENT_SECURITY_POLICY as csp

    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'" and directives["frame-ancestors"] == "'none'"


def test_the_page_is_served_with_its_content_security_policy(client):
    from chalicelib.docs.page import CONTENT_SECURITY_POLICY

    headers = client.http.get("/docs/").headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "kind", "marker"),
    [
        ("swagger-ui-bundle.js", "text/javascript", "SwaggerUIBundle"),
        ("swagger-ui.css", "text/css", ".swagger-ui"),
        ("docs.js", "text/javascript", "/openapi.json"),
        ("docs.css", "text/css", ".shop-docs"),
    ],
)
def test_every_file_the_page_loads_is_served_with_its_type(client, name, kind, marker):
    response = client.http.get(f"/docs/{name}")
    assert response.status_code == 200, "Swagger UI missing? `make run` or `make test` fetches it"
    assert response.headers["Content-Type"].startswith(kind)
    assert marker in response.body.decode()


@pytest.mark.parametrize("name", ["LICENSE", "nothing.js", "assets.py", ".complete-5.35.0"])
def test_files_the_page_does_not_load_are_404_in_the_envelope(client, name):
    response = client.http.get(f"/docs/{name}")
    assert (response.status_code, json.loads(response.body)["code"]) == (404, "4404")


def test_the_docs_routes_are_left_out_of_the_document(client):
    from app import app

    paths = json.loads(client.http.get("/openapi.json").body)["paths"]
    assert not {"/", "/docs/", "/docs/{name}"} & set(paths)
    hidden = {s.path for e in app.routes.values() for v in e.values() if (s := spec_of(v.view_function)) and s.hidden}
    assert hidden == {"/", "/docs/", "/docs/{name}", openapi.PATH}


def test_swagger_ui_ships_only_the_files_the_page_needs():
    # Every byte here goes into the Lambda zip: the bundle and its CSS, and the licences that must travel with them.
    shipped = {p.name for p in assets.SWAGGER_UI.iterdir() if not p.name.startswith(".")}
    assert shipped == {
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "LICENSE",
        "NOTICE",
        "swagger-ui-bundle.js.LICENSE.txt",
    }
