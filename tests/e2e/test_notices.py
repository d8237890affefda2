"""Notifications through `make run`: the pump reads the demo's streams from their oldest records, so demo1 is told
of the demo's follows, like and comment; a new like reaches the same group over HTTP, its actor on top."""

from __future__ import annotations

import time
from typing import Any

from tests.e2e.conftest import DEMO_PASSWORD, LocalStack

WAIT_SECONDS = 60  # the stack's first seconds: the pump works through every record the demo load wrote


def _token(stack: LocalStack, name: str) -> str:
    status, body = stack.request("POST", "/authorizations/", {"username": name, "password": DEMO_PASSWORD})
    assert status == 200, body
    return str(body["token"])


def _until(stack: LocalStack, token: str, done: Any) -> list[dict[str, Any]]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        status, body = stack.request("GET", "/notifications/?size=50", token=token)
        assert status == 200, body
        if done(body["results"]) or time.monotonic() > deadline:
            return list(body["results"])
        time.sleep(0.5)


def _group(results: list[dict[str, Any]], verb: str, article: int | None = None) -> dict[str, Any] | None:
    found = (g for g in results if g["verb"] == verb and (article is None or g["article"]["id"] == article))
    return next(found, None)


def _liked_and_commented(results: list[dict[str, Any]]) -> dict[str, Any] | None:
    """demo1's first article's like group (demo2 among its actors) once its comment group (demo4's) is there too."""
    comment = next((g for g in results if g["verb"] == "comment" and "demo4" in _names(g)), None)
    like = _group(results, "like", comment["article"]["id"]) if comment else None
    return like if like is not None and "demo2" in _names(like) else None


def _names(group: dict[str, Any]) -> list[str]:
    return [a["username"] for a in group["actors"]]


def test_the_demo_author_is_told_and_a_new_like_joins_its_group(stack: LocalStack) -> None:
    # Other tests of the session act on the demo too (a browser test follows demo1): each check allows for them.
    demo1 = _token(stack, "demo1")
    # Given the demo's behaviour: demo2 liked and demo4 commented demo1's first article; demo2..5 follow demo1
    results = _until(stack, demo1, lambda found: _liked_and_commented(found) is not None)
    like = _liked_and_commented(results)
    assert like is not None, results
    follow = _group(results, "follow")
    assert follow is not None and follow["article"] is None and follow["actor_count"] >= 4, results
    status, counts = stack.request("GET", "/notifications/counts/", token=demo1)
    assert status == 200 and counts["unread"] == counts["unseen"] == len(results) < 50
    # When demo3, who read that article and liked only another, likes it
    article, actors = like["article"]["id"], like["actor_count"]
    status, body = stack.request("GET", f"/article/log/{article}/status/?type=is_like", token=_token(stack, "demo3"))
    assert (status, body.get("detail")) == (200, "liked"), body
    # Then that like group counts one more actor, demo3 first, and is on top
    after = _until(stack, demo1, lambda found: _group(found[:1], "like", article) and _names(found[0])[0] == "demo3")
    top = after[0]
    if top["id"] != like["id"]:
        # Groups are per business day (Asia/Shanghai): a run across its midnight (16:00 UTC) opens a new one.
        assert (top["article"]["id"], top["actor_count"], top["id"][-8:] > like["id"][-8:]) == (article, 1, True)
        return
    assert (top["article"]["id"], top["actor_count"], _names(top)[0]) == (article, actors + 1, "demo3"), after
