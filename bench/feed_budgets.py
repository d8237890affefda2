"""Requests per operation for the feed (follow, fan-out, home feed, timeline sync), beside seed 004's fan-out."""

from __future__ import annotations

from functools import partial
from typing import Any

from bench import baselines, notices_budget, recommendations_budget
from bench.fixtures import new_readers, seed_follows
from bench.measure import Api, measure
from bench.shop_budgets import row
from chalicelib.core.clients import get_redis
from chalicelib.feed.reading import hot
from devstack.drain import drain
from devstack.factories import User, make_users

FOLLOWERS = (10, 100, 1_000)
FANOUT = ("feed-fanout", "feed_fanout_consumer")


def _publish(api: Api, author: User) -> dict[str, Any]:
    """A new article of the author's, made public through the API (which queues its fan-out message)."""
    draft = {"title": "bench", "content": "c", "html_content": "<p>c</p>"}
    article = api.ok("POST", "/article/", draft, author.token)["article"]
    return api.ok("PATCH", f"/article/{article['id']}/", token=author.token)["article"]


def run(api: Api) -> list[dict[str, Any]]:
    """Follow through the API; fan-out to 10, 100 and 1,000 followers by the consumer; then the reader's reads."""
    reader, *authors = make_users(1 + len(FOLLOWERS))
    readers = new_readers(max(FOLLOWERS))
    # The API reader becomes the 10-follower author's tenth follower, so it has something to read.
    counts = [count - 1 if count == FOLLOWERS[0] else count for count in FOLLOWERS]
    seed_follows({author.id: readers[:count] for author, count in zip(authors, counts, strict=True)})
    rows = []
    follow = api.measured("PUT", "/article/focus/", {"author_id": authors[0].id, "status": 0}, reader.token)
    rows.append(row("follow", follow, note="then one SQS message (the backfill)"))
    drain(*FANOUT)

    published = []
    for author, count in zip(authors, FOLLOWERS, strict=True):
        published.append(_publish(api, author))
        cost, handled = measure(lambda: drain(*FANOUT))
        rows.append(row(f"publish to {count:,} followers", cost, note=f"fan-out consumer, {handled} message(s)"))

    hot.ranking(get_redis())  # the hot list is cached 30 s: warm it so the read below costs what it does warm
    rows.append(row("home feed read", api.measured("GET", "/push/article/", token=reader.token)))
    rows.append(row("timeline sync", api.measured("GET", "/timeline/sync/", token=reader.token)))
    rows.extend(_recommendations(api, reader))

    # Seed 004's fan-out of the same articles to the same followers, measured after the reads above.
    for index, (author, count) in enumerate(zip(authors, FOLLOWERS, strict=True)):
        article = published[index]
        seed, reached = measure(partial(baselines.fanout_add_list, author.id, article["id"], _feed_key(article)))
        assert reached == count, (reached, count)
        rows[1 + index]["baseline"] = seed.as_dict()
        rows[1 + index]["note"] += "; seed 004: per follower an auto-increment + one PutItem"
    return rows + recommendations_budget.run() + notices_budget.run(api)


def _feed_key(article: dict[str, Any]) -> int:
    from chalicelib.feed.articles.repository import ArticleModel

    return int(ArticleModel.get(int(article["id"])).feed_key)


def _recommendations(api: Api, reader: User) -> list[dict[str, Any]]:
    """Measure a recommendations route if chalicelib/feed has one when the benchmark runs; else say so."""
    from app import app

    paths = sorted(p for p, methods in app.routes.items() if "recommend" in p and "{" not in p and "GET" in methods)
    if not paths:
        return [{"operation": "recommendations", "skipped": "no recommendations route in the app at run time"}]
    status, _ = api.call("GET", paths[0], token=reader.token)
    if not 200 <= status < 300:
        return [{"operation": f"recommendations ({paths[0]})", "skipped": f"GET answered {status}"}]
    return [row(f"recommendations ({paths[0]})", api.measured("GET", paths[0], token=reader.token))]
