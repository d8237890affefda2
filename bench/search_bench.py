"""Search on the local engine: freshness, latency at 10,000 SKUs and 10,000 articles, engine requests per search
and per stream batch. Run by `python -m bench`, or alone: `python -m bench.search_bench`.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

from chalice.test import Client

from bench import feed_freshness
from bench.measure import seconds_until
from bench.search_report import FRESH_SAMPLES, LATENCY_SAMPLES, section

if TYPE_CHECKING:
    from chalicelib.search.mapping import IndexName

FRESH_LIMIT_SECONDS = 10.0


@contextmanager
def engine_requests() -> Iterator[list[int]]:
    """Count the HTTP requests the app's opensearch-py client sends while inside."""
    from chalicelib.search.engine import client

    transport, counted = client().transport, [0]
    original = transport.perform_request

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted[0] += 1
        return original(*args, **kwargs)

    transport.perform_request = counting  # type: ignore[method-assign]
    try:
        yield counted
    finally:
        transport.perform_request = original  # type: ignore[method-assign]


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def latency(client: Client, path: str, rng: random.Random) -> dict[str, Any]:
    """p50/p99 of `path` (formatted with a query) through the app in process, and engine requests per search."""
    from bench.search_data import QUERIES

    samples = []
    with engine_requests() as counted:
        for _ in range(LATENCY_SAMPLES):
            started = time.perf_counter()
            response = client.http.get(path.format(q=rng.choice(QUERIES)))
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.body
    return {
        "p50_ms": round(_percentile(samples, 50), 1),
        "p99_ms": round(_percentile(samples, 99), 1),
        "engine_requests_per_search": counted[0] / LATENCY_SAMPLES,
    }


def load(rng: random.Random) -> dict[str, Any]:
    """Write the items to the tables, rebuild both indexes from them; seconds and bulk requests of each rebuild."""
    # Imported here, as everything of the app's in this module: the models read the settings when imported.
    from bench.search_data import article_items, sku_items, write
    from chalicelib.search.reindex import rebuild

    found: dict[str, Any] = {}
    write(sku_items(rng))
    write(article_items(rng))
    indexes: tuple[IndexName, ...] = ("skus", "articles")
    for index in indexes:
        started = time.perf_counter()
        with engine_requests() as counted:
            done = rebuild(index)
        found[index] = {"indexed": done.written, "seconds": round(time.perf_counter() - started, 1)}
        found[index]["engine_requests"] = counted[0]
    return found


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("东西南北山水火木金土日月星云风雨花草鱼鸟龙虎琴棋茶酒") for _ in range(5))


def per_batch(pump: Any) -> dict[str, Any]:
    """Engine requests for one stream batch of 100 price changes, and for one of 100 stock changes."""
    from decimal import Decimal

    from bench.search_data import FIRST_ID
    from chalicelib.catalogue import repository

    config = next(c for c in pump.stream_configs if c.name == "skus_indexer")
    found = {}
    for kind in ("price", "stock"):
        for i in range(100):
            stock, price = (5, None) if kind == "stock" else (None, Decimal(1 + i))
            repository.update_sku(FIRST_ID + i, stock, price)
        with engine_requests() as counted:
            records = pump.poll_stream_once(config).records
        found[kind] = {"records": records, "engine_requests": counted[0]}
    return found


def _shows(client: Client, path: str, hit: tuple[int, str] | None, wanted: bool) -> bool:
    """Whether the search at `path` shows `hit` (any hit when None) as `wanted`."""
    body = client.http.get(path).json_body
    found = [(item["id"], item.get("price")) for item in (body if isinstance(body, list) else body["results"])]
    return (hit in found if hit else bool(found)) == wanted


def freshness(client: Client, rng: random.Random) -> dict[str, Any]:
    """Seconds from a write's answer to the search that shows it, with the pump polling the streams as make run."""
    from bench.search_data import FIRST_ID
    from devstack.factories import make_user

    def until_shown(path: str, hit: tuple[int, str] | None, wanted: bool) -> float:
        return seconds_until(partial(_shows, client, path, hit, wanted), FRESH_LIMIT_SECONDS)

    user, staff = make_user(), make_user(is_staff=True)
    seen: dict[str, list[float]] = {"publish → found": [], "private → gone": [], "price → shown": []}
    for n in range(FRESH_SAMPLES):
        word = _word(rng)
        draft = {"title": f"{word}之旅", "content": "正文", "html_content": "<p>正文</p>"}
        article = client.http.post("/article/", headers=_auth(user.token), body=_json(draft)).json_body["article"]
        path = f"/search/articles/?q={word}"
        client.http.patch(f"/article/{article['id']}/", headers=_auth(user.token))
        seen["publish → found"].append(until_shown(path, None, True))
        client.http.patch(f"/article/{article['id']}/", headers=_auth(user.token))
        seen["private → gone"].append(until_shown(path, None, False))
        sku_id, price = FIRST_ID + 200 + n, f"{rng.randint(1, 9999)}.00"
        client.http.put(f"/admin/skus/{sku_id}/", headers=_auth(staff.token), body=_json({"price": price}))
        name = client.http.get(f"/skus/{sku_id}/").json_body["sku"]["name"]
        query = f"/search/?q={name.split()[-1]}&page_size=50"
        seen["price → shown"].append(until_shown(query, (sku_id, price), True))
    return {k: {"median_s": round(statistics.median(v), 3), "max_s": round(max(v), 3)} for k, v in seen.items()}


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"JWT {token}", "Content-Type": "application/json"}


def _json(body: dict[str, Any]) -> bytes:
    import json

    return json.dumps(body).encode()


def run() -> dict[str, Any]:
    """Every search figure, against the engine, moto and Redis this process was pointed at."""
    import app as app_module
    from bench.search_data import SIZE
    from devstack.moto_server import aws_client
    from devstack.pump import EventPump

    endpoint = os.environ["AWS_ENDPOINT_URL"]
    rng = random.Random(20)
    results: dict[str, Any] = {"size": SIZE, "rebuild": load(rng)}
    pump = EventPump(
        app_module,
        aws_client("sqs", endpoint),
        streams_client=aws_client("dynamodbstreams", endpoint),
        dynamodb_client=aws_client("dynamodb", endpoint),
    )
    for config in pump.stream_configs:
        pump.start_stream(config)
    results["per_batch"] = per_batch(pump)
    with Client(app_module.app) as client:
        results["skus"] = latency(client, "/search/?q={q}&page=1&page_size=6", rng)
        results["articles"] = latency(client, "/search/articles/?q={q}&page=1&size=10", rng)
        stop = threading.Event()
        thread = threading.Thread(target=_pump_loop, args=(pump, stop), daemon=True)
        thread.start()
        try:
            results["freshness"] = freshness(client, rng)
            results["feed_freshness"] = feed_freshness.measure(client)  # the same pump, reading the feed's streams
        finally:
            stop.set()
            thread.join(5)
    return results


def _pump_loop(pump: Any, stop: threading.Event) -> None:
    # As the pump's stream threads do (devstack/pump.py): a busy stream at once, an idle one every 0.25 s.
    while not stop.is_set():
        busy = sum(pump.poll_stream_once(config).records for config in pump.stream_configs)
        stop.wait(0 if busy else 0.25)


def main() -> None:
    """Start moto, Redis and osmem-server, measure, print the section."""
    from bench.stack import start

    backends = start()
    try:
        print("\n".join(section(run())))
    finally:
        backends.stop()


if __name__ == "__main__":
    main()
