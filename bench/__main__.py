"""`make bench`: requests per operation, contention, search, HTTP latency and serverless cost, beside the seeds'.

Writes bench/out/report.md, report.json and chart.png, and prints the markdown. Usage: python -m bench
(`make bench` runs `make package` first, for the serverless cost).
"""

from __future__ import annotations

import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.stack import ROOT, app_api, start

OUT = ROOT / "bench" / "out"
WORKERS = (16, 64)
COST_RUNS = 5
# The SnapStart rows' medians: nine rounds, as the floor itself moves ~10% between runs of five.
SNAPSTART_ROUNDS = 9


def machine() -> dict[str, Any]:
    """Date, CPU model (from /proc/cpuinfo), cores available and Python version of this run."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        model = names[0] if names else model
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{model}, {platform.machine()}",
        "nproc": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
    }


def in_process() -> dict[str, Any]:
    """Requests per operation and contention, against moto and Redis started in this process."""
    # Imported only now: start() has pointed the environment at moto and Redis.
    from bench import (
        contention_feed,
        contention_shop,
        feed_budgets,
        notices_budget,
        payment_budgets,
        search_bench,
        shop_budgets,
    )
    from chalicelib.catalogue.visits import business_day
    from chalicelib.core.settings import get_settings
    from devstack.factories import make_users

    with app_api() as api:
        requests = shop_budgets.run(api) + feed_budgets.run(api) + payment_budgets.run(api)
        users = make_users(250, with_address=True)
        day = business_day(get_settings().business_timezone).isoformat()
        contention = [
            {
                "workers": workers,
                "visits": contention_shop.visits(workers, day),
                "checkout": contention_shop.checkouts(users[:200], workers),
                "flash_sale": contention_shop.flash_sale(users, workers),
                "inboxes": contention_feed.dense_inboxes(workers),
                "notices": notices_budget.concurrent_likes(api, workers),
            }
            for workers in WORKERS
        ]
    search = search_bench.run()
    return {"requests": requests, "contention": contention, "search": search, "feed": search.pop("feed_freshness")}


def main() -> None:
    """Run every part in turn (the in-process stack is stopped before the HTTP one starts) and report."""
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    header = machine()
    backends = start()
    try:
        results = in_process()
    finally:
        backends.stop()
    from bench import cost, http_load, report, snapstart_cost

    results["http"] = http_load.run(OUT)
    results["serverless_cost"] = cost.measure(COST_RUNS)
    results["snapstart_cost"] = snapstart_cost.run(OUT, SNAPSTART_ROUNDS)  # prints its table; rows in its .json
    results["header"] = {**header, "run_seconds": round(time.monotonic() - started, 1)}
    print(report.write(results, OUT), end="")


if __name__ == "__main__":
    main()
