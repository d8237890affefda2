"""How soon a like shows in the reader's recommendations and in the author's notifications, with the pump reading
the streams as `make run` does (search_bench runs it beside its own freshness samples)."""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

from chalice.test import Client

from bench.measure import POLL_SECONDS, seconds_until

SAMPLES = 5
LIMIT_SECONDS = 10.0
TARGET_SECONDS = 5.0


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"JWT {token}", "Content-Type": "application/json"}


def _get(client: Client, path: str, token: str) -> Any:
    return client.http.get(path, headers=_auth(token)).json_body


def _article(client: Client, token: str) -> int:
    draft = json.dumps({"title": "fresh", "content": "c", "html_content": "<p>c</p>"}).encode()
    article = client.http.post("/article/", headers=_auth(token), body=draft).json_body["article"]
    client.http.patch(f"/article/{article['id']}/", headers=_auth(token))
    return int(article["id"])


def _score(client: Client, token: str, article: int) -> int:
    found = _get(client, "/recommendations/?size=50", token)["results"]
    return next((int(i["score"]) for i in found if i["article"]["id"] == article), 0)


def _unread(client: Client, token: str) -> int:
    return int(_get(client, "/notifications/counts/", token)["unread"])


def sample(client: Client) -> tuple[float, float]:
    """One like: seconds until the reader's recommendation of its article weighs it, and until its author is told."""
    from devstack.factories import make_users

    author, reader, peer = make_users(3)
    shared, liked = _article(client, author.token), _article(client, author.token)
    for user, article in ((reader, shared), (peer, shared), (peer, liked)):
        client.http.get(f"/article/log/{article}/read/", headers=_auth(user.token))
    # The peer's reads relate them to the reader, and recommend `liked` with its read's weight (1).
    applied = seconds_until(lambda: _score(client, reader.token, liked) == 1, LIMIT_SECONDS)
    assert applied < LIMIT_SECONDS, "reads never applied"
    unread = _unread(client, author.token)
    client.http.get(f"/article/log/{liked}/status/?type=is_like", headers=_auth(peer.token))
    started, recommended, notified = time.perf_counter(), float("inf"), float("inf")
    while time.perf_counter() - started < LIMIT_SECONDS and float("inf") in (recommended, notified):
        elapsed = time.perf_counter() - started
        if recommended == float("inf") and _score(client, reader.token, liked) == 3:  # read 1 + like 2
            recommended = elapsed
        if notified == float("inf") and _unread(client, author.token) == unread + 1:
            notified = elapsed
        time.sleep(POLL_SECONDS)
    return recommended, notified


def measure(client: Client) -> dict[str, Any]:
    """SAMPLES likes: median and max seconds from the like's answer to each read showing it."""
    samples = [sample(client) for _ in range(SAMPLES)]
    found = {"like → recommended": [s[0] for s in samples], "like → notified": [s[1] for s in samples]}
    return {k: {"median_s": round(statistics.median(v), 3), "max_s": round(max(v), 3)} for k, v in found.items()}


def section(found: dict[str, Any]) -> list[str]:
    """The report's lines: one row per read, median and max seconds."""
    lines = [
        "## Feed freshness (streams read as make run reads them)",
        "",
        f"{SAMPLES} likes, each by a user related to a reader through a shared read; seconds from the like's answer "
        "until the reader's recommendations weigh it (the precompute applied) and until the article's author has "
        "one more unread notification (the notices consumer applied), the pump polling every stream as `make run`.",
        "",
        "| freshness | median s | max s |",
        "|---|---|---|",
    ]
    return lines + [f"| {what} | {f['median_s']} | {f['max_s']} |" for what, f in found.items()]
