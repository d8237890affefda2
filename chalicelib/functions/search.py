"""The search function: GET /search/ and GET /search/articles/, the engine and the articles table only."""

from __future__ import annotations

from chalicelib.functions.factory import build
from chalicelib.search.routes import bp as search

app = build(search)
