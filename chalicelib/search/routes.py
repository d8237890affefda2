"""GET /search/ (meiduo's search page, the Haystack view's bare list) and GET /search/articles/ (renran)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.core.routing import route
from chalicelib.search import service
from chalicelib.search.models import ArticleSearchQuery, SkuSearchQuery

bp = Blueprint(__name__)


@route(bp, "/search/", query=SkuSearchQuery, bare_answer="list", responses={503: "the search engine is unavailable"})
def search_skus(query: SkuSearchQuery) -> list[dict[str, Any]]:
    # meiduo's search.html reads `response.data` as the list (drf-haystack's HaystackViewSet answer).
    return service.search_skus(query)


@route(bp, "/search/articles/", query=ArticleSearchQuery, responses={503: "the search engine is unavailable"})
def search_articles(query: ArticleSearchQuery) -> dict[str, Any]:
    return service.search_articles(query)
