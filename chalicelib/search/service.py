"""Search use cases: one engine request per search, shaped as the seeds' pages read the answer."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from chalicelib.core.links import absolute_url, media_url
from chalicelib.core.money import money
from chalicelib.feed.articles import repository as article_store
from chalicelib.feed.articles.models import PUBLIC, Article
from chalicelib.feed.articles.presenters import author, local_time
from chalicelib.feed.articles.repository import Articles
from chalicelib.search.engine import Engine, get_engine
from chalicelib.search.models import ArticleSearchQuery, SkuSearchQuery
from chalicelib.search.queries import hits_of, search_body, total_of

SUMMARY_CHARS = 100
ARTICLES_PATH = "/search/articles/"


def search_skus(query: SkuSearchQuery, *, engine: Engine | None = None) -> list[dict[str, Any]]:
    """meiduo's result list: each on-sale SKU with the query, the number of pages and the hit count beside it."""
    engine = engine or get_engine()
    answer = engine.search("skus", search_body("skus", query.q, query.page, query.page_size))
    count = total_of(answer)
    pages = math.ceil(count / query.page_size)
    return [
        {
            "id": int(hit["_source"]["sku_id"]),
            "name": hit["_source"]["name"],
            "price": money(hit["_source"]["price"]),
            "default_image_url": media_url(hit["_source"]["default_image_url"]),
            "searchkey": query.q,
            "page_size": pages,  # the Haystack view's name for the number of pages
            "count": count,
        }
        for hit in hits_of(answer)
    ]


def _highlight(hit: dict[str, Any], article: Article) -> dict[str, str]:
    marks = hit.get("highlight", {})
    title = (marks.get("title") or marks.get("title.std") or [None])[0]
    body = (marks.get("body") or [None])[0]
    return {"title": title or _escaped(article.title), "content": body or _escaped(_summary(article))}


def _escaped(text: str) -> str:
    # The same escaping as the engine's `encoder: html`, so a page renders every highlight field one way.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _summary(article: Article) -> str:
    return " ".join(article.content.split())[:SUMMARY_CHARS]


def _result(hit: dict[str, Any], article: Article) -> dict[str, Any]:
    return {
        "id": article.article_id,
        "title": article.title,
        "summary": _summary(article),
        "highlight": _highlight(hit, article),
        "user": author(article),
        "pub_date": local_time(article.pub_date),
        "read_count": article.read_count,
        "like_count": article.like_count,
        "reward_count": article.reward_count,
    }


def _link(query: ArticleSearchQuery, page: int) -> str:
    return f"{absolute_url(ARTICLES_PATH)}?{urlencode({'q': query.q, 'page': page, 'size': query.size})}"


def search_articles(
    query: ArticleSearchQuery, *, engine: Engine | None = None, articles: Articles = article_store
) -> dict[str, Any]:
    """A DRF page of public articles by relevance; counts and authors as stored now (one BatchGetItem)."""
    engine = engine or get_engine()
    answer = engine.search("articles", search_body("articles", query.q, query.page, query.size, highlight=True))
    hits, count = hits_of(answer), total_of(answer)
    found = articles.many(int(h["_id"]) for h in hits) if hits else {}
    # An article made private since it was indexed is left out here too, before its delete reaches the index.
    results = [_result(h, a) for h in hits if (a := found.get(int(h["_id"]))) is not None and a.status == PUBLIC]
    last = math.ceil(count / query.size)
    return {
        "count": count,
        "next": _link(query, query.page + 1) if query.page < last else None,
        "previous": _link(query, min(query.page - 1, last)) if query.page > 1 and last else None,
        "results": results,
    }
