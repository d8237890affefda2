"""The docs page addresses its files under the prefix the browser sees (API Gateway's stage), never a fixed root."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from chalicelib.docs.page import base_path, page


def _request(path: str) -> Any:
    return SimpleNamespace(context={"path": path})


@pytest.mark.parametrize(
    ("seen", "route", "base"),
    [
        ("/", "/", ""),
        ("/docs/", "/docs/", ""),
        ("/docs", "/docs/", ""),
        ("/api/", "/", "/api"),
        ("/api", "/", "/api"),
        ("/api/docs/", "/docs/", "/api"),
        ("/api/docs", "/docs/", "/api"),
    ],
)
def test_the_base_is_what_the_browser_sees_before_the_route(seen, route, base):
    assert base_path(_request(seen), route) == base


def test_the_page_names_its_files_under_the_stage():
    body = page(_request("/api/docs/"), "/docs/").body
    assert '<script src="/api/docs/swagger-ui-bundle.js">' in body and 'href="/api/docs/swagger-ui.css"' in body


def test_a_path_cannot_inject_markup_into_the_page():
    body = page(_request('/x"><script>alert(1)</script>/'), "/").body
    assert "<script>alert" not in body


@pytest.mark.parametrize("seen", ["//docs/", "//evil.example/docs/", "///docs"])
def test_a_path_with_doubled_slashes_cannot_point_the_files_at_another_host(seen):
    body = page(_request(seen), "/docs/").body

    assert 'src="//' not in body and 'href="//' not in body
