"""The performance targets of the design, checked against what this run measured."""

from __future__ import annotations

from typing import Any

from bench.serverless_cost import OTHER_RATIO, RSS_LIMIT_MB, SLIM_RATIO, ZIP_LIMIT_MB
from bench.snapstart_verdict import API_INIT_RATIO, FIRST_REQUEST_MS, INIT_RATIO, RSS_RATIO


def _row(rows: list[dict[str, Any]], operation: str) -> dict[str, Any]:
    return next(r for r in rows if r["operation"] == operation)


def _total(row: dict[str, Any], side: str) -> int:
    return int(row[side]["dynamodb_total"])


def check(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target: what it asks, what was measured, and whether it is met."""
    rows, contention = results["requests"], results["contention"]
    by_workers = {c["workers"]: c for c in contention}
    top = by_workers[max(by_workers)]
    visit = _row(rows, "visit")
    checkouts = [r for r in rows if r["operation"].startswith("checkout")]
    project_checkout = [_total(r, "project") for r in checkouts]
    seed_checkout = [_total(r, "baseline") for r in checkouts]
    oversold = {
        "checkout": sum(c["checkout"]["project"]["oversold"] for c in contention),
        "flash sale": sum(c["flash_sale"]["oversold"] for c in contention),
        "seed 001 checkout": sum(c["checkout"]["baseline"]["oversold"] for c in contention),
    }
    fanout = _total(_row(rows, "publish to 1,000 followers"), "project")
    sale = [(c["workers"], c["flash_sale"]["orders"], c["flash_sale"]["users_with_two_or_more"]) for c in contention]
    dense = [(c["workers"], c["inboxes"]["dense_inboxes"], c["inboxes"]["readers"]) for c in contention]
    lost_top = top["visits"]
    return [
        {
            "target": "visit: 1 DynamoDB request, seed's way 2+",
            "measured": f"{_total(visit, 'project')} vs {_total(visit, 'baseline')}",
            "met": _total(visit, "project") == 1 and _total(visit, "baseline") >= 2,
        },
        {
            "target": f"0 lost visit counts at {top['workers']} workers (seed's way loses counts)",
            "measured": f"lost {lost_top['project']['lost']} of {lost_top['visits']} "
            f"vs seed's {lost_top['baseline']['lost']} of {lost_top['visits']}",
            "met": lost_top["project"]["lost"] == 0,
        },
        {
            "target": "checkout ≤ 2 DynamoDB requests at 1/5/20 lines, seed's way growing",
            "measured": f"{'/'.join(map(str, project_checkout))} vs {'/'.join(map(str, seed_checkout))}",
            "met": max(project_checkout) <= 2 and seed_checkout == sorted(set(seed_checkout)),
        },
        {
            "target": "0 oversold (checkout, flash sale; every worker count)",
            "measured": ", ".join(f"{name} {n}" for name, n in oversold.items()),
            "met": oversold["checkout"] == 0 and oversold["flash sale"] == 0,
        },
        {
            "target": "publish to 1,000 followers ≤ 1,050 DynamoDB requests",
            "measured": f"{fanout:,}",
            "met": fanout <= 1_050,
        },
        {
            "target": "flash sale: exactly 50 orders, one per user",
            "measured": "; ".join(f"{w} workers: {orders} orders, {multi} users with 2+" for w, orders, multi in sale),
            "met": all(orders == 50 and multi == 0 for _, orders, multi in sale),
        },
        {
            "target": "concurrent publishes leave every inbox dense, no duplicate",
            "measured": "; ".join(f"{w} workers: {ok}/{n} inboxes dense" for w, ok, n in dense),
            "met": all(ok == n for _, ok, n in dense),
        },
        *payment_targets(rows),
        *cost_targets(results.get("serverless_cost", {})),
        *snapstart_targets(results.get("snapstart_cost", {})),
    ]


def feed(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 22's targets: recommendations and notifications reads, 50 concurrent likes, freshness of a like."""
    from bench.feed_freshness import TARGET_SECONDS

    by_name = {r["operation"]: r["project"]["dynamodb_total"] for r in results["requests"] if "project" in r}
    reads = [by_name.get(name) for name in ("notifications page", "notification counts")]
    likes = [(c["workers"], c["notices"]) for c in results["contention"]]
    fresh = results["feed"]
    slowest = max(f["max_s"] for f in fresh.values())
    recommendations = by_name.get("recommendations read, full history")
    return [
        {
            "target": "recommendations read at the limits ≤ 3 DynamoDB requests",
            "measured": str(recommendations),
            "met": recommendations is not None and recommendations <= 3,
        },
        {
            "target": "notifications page and counts ≤ 2 DynamoDB requests",
            "measured": " / ".join(map(str, reads)),
            "met": all(r is not None and r <= 2 for r in reads),
        },
        {
            "target": "50 concurrent likes of one article: 1 group, 50 actors, 1 unread (every worker count)",
            "measured": "; ".join(
                f"{w} workers: {n['groups']} group, {n['actors']} actors, {n['unread']} unread" for w, n in likes
            ),
            "met": all((n["groups"], n["actors"], n["unread"], n["errors"]) == (1, 50, 1, 0) for _, n in likes),
        },
        {
            "target": f"a like in recommendations and notifications within {TARGET_SECONDS:g} s (pump as make run)",
            "measured": ", ".join(f"{what} {f['max_s']} s at most" for what, f in fresh.items()),
            "met": slowest <= TARGET_SECONDS,
        },
    ]


NOTIFICATIONS_APPLIED = ("Alipay notification applied (order)", "Alipay notification applied (reward)")
NOTIFICATION_REPEATED = "Alipay notification repeated"


def payment_targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Requests per applied Alipay notification (order and reward) and per repeat, when the run measured them."""
    by_name = {r["operation"]: r["project"] for r in rows}
    applied = [by_name[name] for name in NOTIFICATIONS_APPLIED if name in by_name]
    if not applied:
        return []
    repeat = by_name.get(NOTIFICATION_REPEATED)
    figures = [f"{c['dynamodb_total']} DynamoDB + {c['redis_round_trips']} Redis" for c in applied]
    lean = all(c["dynamodb_total"] <= 2 and c["redis_round_trips"] == 0 for c in applied)
    lean_repeat = repeat is not None and repeat["dynamodb_total"] <= 1 and repeat["redis_round_trips"] == 0
    met = len(applied) == len(NOTIFICATIONS_APPLIED) and lean and lean_repeat  # a row missing is not a target met
    again = f"{repeat['dynamodb_total']} DynamoDB + {repeat['redis_round_trips']} Redis" if repeat else "not measured"
    return [
        {
            "target": "Alipay notification applied (order, reward) ≤ 2 DynamoDB requests and 0 Redis; a repeat ≤ 1",
            "measured": f"{' / '.join(figures)}; repeat {again}",
            "met": met,
        }
    ]


def cost_targets(cost: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 10's cold-import, RSS and zip targets, when this run packaged and measured the functions."""
    functions = cost.get("functions")
    if not functions:
        return []
    slim = [f for f in functions if f["ratio_limit"] == SLIM_RATIO]
    others = [f for f in functions if f["ratio_limit"] != SLIM_RATIO]

    def ratios(group: list[dict[str, Any]]) -> str:
        return f"{min(f['ratio'] for f in group)}-{max(f['ratio'] for f in group)}x" if group else "none packaged"

    return [
        {
            "target": f"visits, cart, checkout, follow, timeline cold import ≤ {SLIM_RATIO:g}x hello-world",
            "measured": f"{ratios(slim)} (libraries alone {cost['libraries']['ratio']}x)",
            "met": all(f["ratio"] <= SLIM_RATIO for f in slim),
        },
        {
            "target": f"api, consumers and schedules ≤ {OTHER_RATIO:g}x hello-world",
            "measured": ratios(others),
            "met": all(f["ratio"] <= OTHER_RATIO for f in others),
        },
        {
            "target": f"every function ≤ {RSS_LIMIT_MB} MB RSS after import",
            "measured": f"{max(f['rss_mib'] for f in functions)} MiB at most",
            "met": all(f["rss_mib"] <= RSS_LIMIT_MB for f in functions),
        },
        {
            "target": f"deployment.zip ≤ {ZIP_LIMIT_MB} MB",
            "measured": f"{cost['zip_kib']:,} KiB",
            "met": bool(cost["zip_met"]),
        },
    ]


def snapstart_targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's cold-path targets against the floor measured in the same run (bench/snapstart_verdict.py)."""
    functions = figures.get("functions")
    if not functions:
        return []

    def missed(check: str) -> list[dict[str, Any]]:
        return [f for f in functions if not f["checks"][check]]

    def judged(check: str, value: str) -> str:
        worst = missed(check)
        names = ", ".join(f"{f['resource']} {f[value]}" for f in worst)
        return f"{len(functions) - len(worst)} of {len(functions)}" + (f"; missed: {names}" if worst else "")

    floor = figures["floor"]
    return [
        {
            "target": f"init ≤ {INIT_RATIO:g}x the floor's {floor['init_ms']} ms (api ≤ {API_INIT_RATIO:g}x)",
            "measured": judged("init", "init_ratio"),
            "met": not missed("init"),
        },
        {
            "target": f"RSS after init ≤ {RSS_RATIO:g}x the floor's {floor['rss_mib']} MiB",
            "measured": judged("rss", "rss_ratio"),
            "met": not missed("rss"),
        },
        {
            "target": "1 botocore session per process, none more on the first request",
            "measured": judged("sessions", "sessions_total"),
            "met": not missed("sessions"),
        },
        {
            "target": f"first request's local work after a restore ≤ {FIRST_REQUEST_MS:g} ms",
            "measured": judged("first request", "first_request_ms"),
            "met": not missed("first request"),
        },
    ]
