"""Latency and throughput per endpoint over HTTP against `python -m devstack` on a free loopback port."""

from __future__ import annotations

import json
import math
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from devstack.redis_server import free_port
from devstack.subprocess_stack import child_env, start_child

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "bench-demo-password"  # noqa: S105  (the local stack's demo users only)
CLIENTS, MAX_REQUESTS, MAX_SECONDS, WARM_UP = 8, 400, 6.0, 5
# (label, method, path, as demo1): category 115 and SKU 1 are in the demo catalogue.
ENDPOINTS = [
    ("GET /health/", "GET", "/health/", False),
    ("GET /categories/", "GET", "/categories/", False),
    ("POST /detail/visit/{id}/", "POST", "/detail/visit/115/", False),
    ("GET /carts/", "GET", "/carts/", True),
    ("GET /home/banner/", "GET", "/home/banner/", False),
    ("GET /push/article/", "GET", "/push/article/", True),
    ("GET /skus/{id}/", "GET", "/skus/1/", False),
]


def call(url: str, method: str = "GET", body: Any = None, token: str | None = None) -> tuple[int, dict[str, Any]]:
    """One HTTP request on loopback; returns (status, JSON body)."""
    headers = {"Content-Type": "application/json", **({"Authorization": f"JWT {token}"} if token else {})}
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310  (loopback only)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return round(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)], 1)


def drive(url: str, method: str, token: str | None) -> dict[str, Any]:
    """CLIENTS threads send requests until MAX_REQUESTS are sent or MAX_SECONDS pass; latency in ms."""
    latencies: list[float] = []
    errors, sent, lock, barrier = [0], [0], threading.Lock(), threading.Barrier(CLIENTS)
    started = [0.0]

    def client() -> None:
        barrier.wait()
        while True:
            with lock:  # a request is counted when sent, so no more than MAX_REQUESTS go out
                if sent[0] >= MAX_REQUESTS or time.perf_counter() - started[0] > MAX_SECONDS:
                    return
                sent[0] += 1
            begin = time.perf_counter()
            status, _ = call(url, method, None, token)
            with lock:
                if 200 <= status < 300:
                    latencies.append((time.perf_counter() - begin) * 1000)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started[0] = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started[0]
    return {
        "requests": len(latencies) + errors[0],
        "errors": errors[0],
        "seconds": round(seconds, 2),
        "throughput_rps": round(len(latencies) / seconds, 1),
        "p50_ms": _percentile(latencies, 50) if latencies else None,
        "p99_ms": _percentile(latencies, 99) if latencies else None,
    }


def run(out_dir: Path) -> dict[str, Any]:
    """Start the stack, log in as demo1, put a line in its cart, then load each endpoint in turn."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        outboxes = {"SMS_OUTBOX": f"{tmp}/sms.jsonl", "EMAIL_OUTBOX": f"{tmp}/email.jsonl"}
        env = child_env(port, {"DEMO_PASSWORD": DEMO_PASSWORD, **outboxes})
        child = start_child(port, env, out_dir / "devstack.log")
        startup = round(child.startup_seconds, 1)
        try:
            status, login = call(base + "/authorizations/", "POST", {"username": "demo1", "password": DEMO_PASSWORD})
            if status != 200:
                raise RuntimeError(f"demo1 could not log in: {status} {login}")
            token = login["token"]
            call(base + "/carts/", "POST", {"sku_id": 1, "count": 1}, token)
            results = {}
            for label, method, path, as_user in ENDPOINTS:
                for _ in range(WARM_UP):
                    call(base + path, method, None, token if as_user else None)
                results[label] = drive(base + path, method, token if as_user else None)
        finally:
            child.stop()
    settings = {"clients": CLIENTS, "max_requests": MAX_REQUESTS, "max_seconds": MAX_SECONDS}
    return {"startup_seconds": startup, "settings": settings, "endpoints": results}
