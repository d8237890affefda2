"""Property-based: for every route, any path value, any query and any JSON body the models name never yield a 5xx.

Hypothesis draws, per route, values for the path parameters (any text, digits of other scripts included), the
query fields and the body fields its models declare (any JSON value, nested, huge numbers, far dates); every
answer must be in the envelope and below 500.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.core import openapi
from chalicelib.core.routespec import RouteSpec
from chalicelib.core.routing import path_params
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("services")

TEXT = st.text(max_size=30)
DATES = st.sampled_from(["0001-01-01 00:00:00", "9999-12-31 23:59:59", "2100-01-01T00:00:00+14:00", "1e9"])
TRICKY = st.sampled_from(["²", "\u0661\u0662", "0", "", " 1", "1e3", "-1", "9" * 40, "javascript:x", "//evil.example"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    DATES,
    TRICKY,
)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3))
EXAMPLES = 25


def _specs() -> list[RouteSpec]:
    from app import app

    return openapi.route_specs(app)


def _fields(model: Any) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()] if model is not None else []


@st.composite
def _request(draw: st.DrawFn, spec: RouteSpec) -> tuple[str, bytes]:
    path = spec.path
    for name in path_params(spec.path, spec.params):
        path = path.replace("{" + name + "}", quote(draw((TRICKY | TEXT).filter(bool)), safe=""))
    query = {name: draw(TEXT | DATES | TRICKY) for name in _fields(spec.query) if draw(st.booleans())}
    body = {name: draw(JSON) for name in _fields(spec.body) if draw(st.booleans())}
    url = path + (f"?{urlencode(query)}" if query else "")
    return url, json.dumps(body).encode()


@pytest.mark.parametrize("spec", _specs(), ids=lambda s: f"{s.methods[0]} {s.path}")
def test_no_drawn_input_reaches_a_5xx(client, spec: RouteSpec):
    token = make_user(is_staff=spec.auth == "staff")["token"] if spec.auth else None
    headers = {"Content-Type": "application/json", **({"Authorization": f"JWT {token}"} if token else {})}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(drawn=_request(spec))
    def check(drawn: tuple[str, bytes]) -> None:
        url, body = drawn
        response = client.http.request(spec.methods[0], url, headers=headers, body=body)
        answer = json.loads(response.body) if response.body else {}
        assert response.status_code < 500 or spec.path == "/health/", (url, body[:200], response.body[:300])
        if response.status_code >= 400:
            assert {"code", "errmsg"} <= set(answer), answer

    check()
