"""Search's part of the bench report: its tables and its targets, and the sample sizes the search bench uses."""

from __future__ import annotations

from typing import Any

LATENCY_SAMPLES = 300  # searches per kind of query
FRESH_SAMPLES = 5  # writes timed until search finds them


def section(found: dict[str, Any]) -> list[str]:
    """The report's search section."""
    rebuild, batch, fresh = found["rebuild"], found["per_batch"], found["freshness"]
    rows = [
        [f"GET /search/ at {found['size']:,} SKUs", found["skus"]["p50_ms"], found["skus"]["p99_ms"],
         found["skus"]["engine_requests_per_search"]],
        [f"GET /search/articles/ at {found['size']:,} articles", found["articles"]["p50_ms"],
         found["articles"]["p99_ms"], found["articles"]["engine_requests_per_search"]],
    ]  # fmt: skip
    lines = ["## Search (local engine: osmem-server)", "", SEARCH_NOTE, ""]
    lines += ["| search | p50 ms | p99 ms | engine requests per search |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    lines += ["", "| stream batch | records | engine requests |", "|---|---|---|"]
    lines += [f"| 100 {kind} changes | {b['records']} | {b['engine_requests']} |" for kind, b in batch.items()]
    lines += ["", "| rebuild from the table | documents | seconds | engine requests |", "|---|---|---|---|"]
    lines += [f"| {i} | {r['indexed']:,} | {r['seconds']} | {r['engine_requests']} |" for i, r in rebuild.items()]
    lines += ["", f"| freshness ({FRESH_SAMPLES} each) | median s | max s |", "|---|---|---|"]
    lines += [f"| {what} | {f['median_s']} | {f['max_s']} |" for what, f in fresh.items()]
    return lines


SEARCH_NOTE = (
    f"{LATENCY_SAMPLES} searches each through the app in process (chalice's test client), random queries of Chinese "
    "and Latin words; articles also read their page from moto. Freshness: from a write's answer until the search "
    "shows it, the stream read every 0.25 s as the pump does; osmem-server shows a write at once, where OpenSearch "
    "refreshes an index each second by default. The engine requests are counted at opensearch-py's transport."
)


def targets(found: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 20's targets: one engine request per search, one bulk request per stream batch, searchable in 2 s."""
    per_search = [found[kind]["engine_requests_per_search"] for kind in ("skus", "articles")]
    slowest = max(f["max_s"] for f in found["freshness"].values())
    return [
        {"target": "search: 1 engine request per search", "measured": f"{per_search}", "met": per_search == [1, 1]},
        {
            "target": "indexer: 1 bulk request per stream batch (none when nothing searched changed)",
            "measured": ", ".join(f"{k}: {b['engine_requests']}" for k, b in found["per_batch"].items()),
            "met": found["per_batch"]["price"]["engine_requests"] == 1
            and found["per_batch"]["stock"]["engine_requests"] == 0,
        },
        {
            "target": "published, private or changed: in search within 2 s (local stack)",
            "measured": f"slowest {slowest} s",
            "met": slowest <= 2,
        },
    ]
