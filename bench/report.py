"""The report: markdown tables (printed and written), the same figures as JSON, and a chart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench import chart, feed_freshness, functions_table, search_report, snapstart_verdict, targets

MOTO_NOTE = (
    "The local stack is moto (in-process, one DynamoDB write at a time) and a real `redis-server` on this "
    "machine: moto's speed is not DynamoDB's, so the latencies and throughputs say little about AWS. "
    "The request counts and the project/seed ratios are the point."
)
SEEDS_NOTE = (
    "Each operation once, on fresh data with caches warm, counted at botocore and redis-py. The seed's way runs "
    "on the same moto and Redis: visit = seed 000's read-modify-write of the day's record (its category lookup "
    "not counted); checkout = seed 001's optimistic lock (the address read, then per SKU a read and an update "
    "conditioned on the stock read, retried on conflict, and SPU sales; then the order put; the cart read with "
    "HGETALL + SMEMBERS and cleared by one pipeline); publish = seed 004's add_list (the followers, then per "
    "follower an auto-increment and one PutItem). Publish is the fan-out consumer's work for one article, all "
    "its queue messages; follow and flash-sale admission also send one SQS message. Ratio = project / seed's way, "
    "DynamoDB requests."
)
CHECKOUT_HEAD = ("workers", "orders", "409s", "oversold", "stock left", "errors")
SALE_HEAD = ["workers", "admitted", "409 sold out", "409 already in", "orders", "users with 2+ orders"]
SALE_HEAD += ["oversold", "stock left", "errors"]
INBOX_HEAD = ["workers", "publishes", "dense inboxes", "gaps", "repeated numbers", "duplicates", "missing"]
INBOX_HEAD += ["redelivered", "errors"]
NOTICE_KEYS = ("likes", "groups", "actors", "activities", "unread", "unseen", "tries", "errors")


def _requests(cost: dict[str, Any] | None) -> str:
    if cost is None:
        return "—"
    detail = ", ".join(f"{op} {n:,}" for op, n in sorted(cost["dynamodb"].items(), key=lambda kv: (-kv[1], kv[0])))
    return f"**{cost['dynamodb_total']:,}**" + (f" ({detail})" if detail else "")


def _table(head: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def requests_section(rows: list[dict[str, Any]]) -> list[str]:
    """Section 1 and 2: requests per operation, the seeds' way beside, and the ratio."""
    body = []
    for row in rows:
        if "skipped" in row:
            body.append([row["operation"], f"skipped: {row['skipped']}", "", "", "", ""])
            continue
        project, seed = row["project"], row["baseline"]
        ratio = f"{project['dynamodb_total'] / seed['dynamodb_total']:.2f}" if seed else "—"
        seed_redis = seed["redis_round_trips"] if seed else "—"
        body.append(
            [row["operation"], _requests(project), project["redis_round_trips"], _requests(seed), seed_redis, ratio]
        )
    head = ["operation", "DynamoDB requests", "Redis trips", "seed's way: DynamoDB", "seed: Redis", "ratio"]
    return ["## Requests per operation (deterministic)", "", SEEDS_NOTE, "", *_table(head, body)]


def contention_section(runs: list[dict[str, Any]]) -> list[str]:
    """Section 3: correctness under N concurrent workers."""
    visits = [
        [c["workers"], c["visits"]["visits"], c["visits"]["project"]["lost"], c["visits"]["baseline"]["lost"]]
        for c in runs
    ]
    checkout = []
    for c in runs:
        p, s = c["checkout"]["project"], c["checkout"]["baseline"]
        checkout.append([c["workers"], p["orders"], p["refused_409"], p["oversold"], p["stock_left"], p["errors"]])
        checkout[-1] += [s["orders"], s["refused_409"], s["retries"], s["oversold"], s["stock_left"], s["errors"]]
    sale = [
        [c["workers"], *(c["flash_sale"][k] for k in ("admitted", "sold_out_409", "already_in_409", "orders"))]
        + [c["flash_sale"][k] for k in ("users_with_two_or_more", "oversold", "stock_left", "errors")]
        for c in runs
    ]
    keys = ("gaps", "repeated_numbers", "duplicates", "missing", "redelivered", "errors")
    inboxes = [
        [c["workers"], c["inboxes"]["publishes"], f"{c['inboxes']['dense_inboxes']}/{c['inboxes']['readers']}"]
        + [c["inboxes"][k] for k in keys]
        for c in runs
    ]
    first = runs[0]
    return [
        "## Contention (threads released together)",
        "",
        f"Visit counts: N workers x M visits on one category's day record ({first['visits']['visits']} at "
        f"{first['workers']} workers); the project's `ADD count 1` against seed 000's read-modify-write.",
        "",
        *_table(["workers", "visits", "project: lost", "seed 000: lost"], visits),
        "",
        f"Checkout: {first['checkout']['buyers']} buyers, one unit each, for {first['checkout']['units']} units "
        "(project: one transaction; seed 001: optimistic-lock retry loop).",
        "",
        *_table(
            [*CHECKOUT_HEAD, *(f"seed: {name}" for name in (*CHECKOUT_HEAD[1:3], "retries", *CHECKOUT_HEAD[3:]))],
            checkout,
        ),
        "",
        f"Flash sale: {first['flash_sale']['requests']} admissions ({first['flash_sale']['users']} users, each "
        f"asking twice) for {first['flash_sale']['units']} units, then the queue consumer places the orders.",
        "",
        *_table(
            SALE_HEAD,
            sale,
        ),
        "",
        f"Concurrent publishes: {first['inboxes']['publishes']} publications by 4 authors fanned out at once to "
        f"{first['inboxes']['readers']} readers who follow all of them (each inbox must hold 1..n, every post once; a "
        "failed call is handed over again up to 4 times, as SQS redelivers).",
        "",
        *_table(INBOX_HEAD, inboxes),
        "",
        f"Concurrent likes: {first['notices']['likes']} readers' likes of one article, each stream record applied "
        "by its own consumer invocation at once, a failed one handed over again as Lambda does (must be 1 group, "
        "every like one actor and one activity, 1 unread and 1 unseen; tries = invocations in all).",
        "",
        *_table(["workers", *NOTICE_KEYS], [[c["workers"], *(c["notices"][k] for k in NOTICE_KEYS)] for c in runs]),
    ]


def http_section(http: dict[str, Any]) -> list[str]:
    """Section 4: latency and throughput per endpoint over HTTP."""
    settings = http["settings"]
    rows = [
        [label, r["requests"], r["errors"], r["p50_ms"], r["p99_ms"], r["throughput_rps"]]
        for label, r in http["endpoints"].items()
    ]
    return [
        "## HTTP latency and throughput (local stack)",
        "",
        f"`python -m devstack` on a free loopback port (started in {http['startup_seconds']} s, demo data, "
        f"logged in as demo1 where a user is needed); {settings['clients']} concurrent clients, at most "
        f"{settings['max_requests']} requests or {settings['max_seconds']:.0f} s per endpoint, after a short warm-up. "
        "Moto is not DynamoDB: compare endpoints with each other, not with AWS.",
        "",
        *_table(["endpoint", "requests", "errors", "p50 ms", "p99 ms", "req/s"], rows),
    ]


def cost_section(cost: dict[str, Any]) -> list[str]:
    """Section 5: serverless cost from bench/serverless_cost.py."""
    if "skipped" in cost:
        return ["## Serverless cost", "", f"Skipped: {cost['skipped']}."]
    hello = cost["hello_world"]
    rows = [
        [
            f"cold import, median of {cost['runs']}",
            f"{cost['app_import_ms_tracing_off']} ms",
            f"{cost['app_import_ms_tracing_on']} ms",
            f"{hello['import_ms_median']} ms",
        ],
        ["`deployment.zip`", f"{cost['app_zip_kib']:,} KiB", f"{cost['app_zip_kib']:,} KiB", f"{hello['zip_kib']} KiB"],
    ]
    head = ["", "`app.py` (tracing off, dev)", "`app.py` (tracing on, prod)", "Chalice hello-world"]
    per_function = [
        "",
        f"Each packaged function's handler module, cold import (median of {cost['runs']}, tracing off) "
        "and peak RSS; the ratio is to the hello-world of this run, its target in brackets.",
        "",
        functions_table.markdown(cost),
    ]
    return ["## Serverless cost", "", *_table(head, rows), *(per_function if cost.get("functions") else [])]


def targets_section(checked: list[dict[str, Any]]) -> list[str]:
    """Whether each design target is met by this run's figures."""
    rows = [[t["target"], t["measured"], "met" if t["met"] else "**not met**"] for t in checked]
    return ["## Targets", "", *_table(["target", "measured", "met?"], rows)]


def markdown(results: dict[str, Any]) -> str:
    """The whole report as markdown."""
    h = results["header"]
    lines = [
        "# Benchmark",
        "",
        f"Run {h['date']} on {h['machine']} (nproc {h['nproc']}), Python {h['python']}; "
        f"`python -m bench` took {h['run_seconds']:.0f} s.",
        "",
        MOTO_NOTE,
        "",
        *targets_section(results["targets"]),
        "",
        *requests_section(results["requests"]),
        "",
        *contention_section(results["contention"]),
        "",
        *search_report.section(results["search"]),
        "",
        *feed_freshness.section(results["feed"]),
        "",
        *http_section(results["http"]),
        "",
        *cost_section(results["serverless_cost"]),
        "",
        *snapstart_section(results.get("snapstart_cost", {})),
    ]
    return "\n".join(lines) + "\n"


def snapstart_section(figures: dict[str, Any]) -> list[str]:
    """Section 6: the SnapStart cold path against the floor (bench/snapstart_cost.py, `make snapstart` alone)."""
    if "functions" not in figures:
        return ["## SnapStart cold path", "", f"Skipped: {figures.get('skipped', 'not measured')}."]
    return ["## SnapStart cold path", "", snapstart_verdict.markdown(figures)]


def write(results: dict[str, Any], out: Path) -> str:
    """Check the targets, write report.md, report.json and chart.png into `out`; returns the markdown."""
    results["targets"] = targets.check(results) + search_report.targets(results["search"]) + targets.feed(results)
    text = markdown(results)
    (out / "report.md").write_text(text, encoding="utf-8")
    (out / "report.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    chart.draw(results, out / "chart.png")
    return text
