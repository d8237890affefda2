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


def test_the_demo_author_is_told_and_a_new_like_joins_its_group(stack: LocalStack) -> None:
    demo1 = _token(stack, "demo1")
    # Given the demo's behaviour: demo2 liked and demo4 commented demo1's first article, demo3 liked its second;
    # demo2..5 follow demo1
    verbs = ["like", "like", "comment", "follow"]
    results = _until(stack, demo1, lambda found: sorted(g["verb"] for g in found) == sorted(verbs))
    comment, follow = _group(results, "comment"), _group(results, "follow")
    assert comment is not None and follow is not None, results
    assert [a["username"] for a in comment["actors"]] == ["demo4"]
    like = _group(results, "like", comment["article"]["id"])
    assert like is not None and [a["username"] for a in like["actors"]] == ["demo2"], results
    assert {a["username"] for a in follow["actors"]} <= {"demo2", "demo3", "demo4", "demo5"}
    assert follow["actor_count"] == 4 and follow["article"] is None
    status, counts = stack.request("GET", "/notifications/counts/", token=demo1)
    assert status == 200 and counts["unread"] == len(results) and counts["unseen"] == len(results)
    # When demo5, who read that article, likes it too
    article = like["article"]["id"]
    status, body = stack.request("GET", f"/article/log/{article}/status/?type=is_like", token=_token(stack, "demo5"))
    assert status == 200, body
    # Then the like group has two actors, demo5 first, and is on top
    after = _until(stack, demo1, lambda found: (_group(found, "like") or {}).get("actor_count") == 2)
    top = after[0]
    assert (top["verb"], [a["username"] for a in top["actors"]]) == ("like", ["demo5", "demo2"]), after
