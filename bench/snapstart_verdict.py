"""The SnapStart cold-path figures summarised, judged against the floor's and laid out as a table."""

from __future__ import annotations

import statistics
from typing import Any

Row = dict[str, Any]
FLOOR = "floor"
FLOOR_MODEL = "floor + a pydantic model"  # in the notes, not judged
# Targets: init within 1.3x the floor (the API function, serving most routes, 1.5x), RSS within 1.3x, one botocore
# session built during init and none on the first request, and at most 5 ms of local work on the first request.
INIT_RATIO, API_INIT_RATIO, RSS_RATIO, SESSIONS, FIRST_REQUEST_MS = 1.3, 1.5, 1.3, 1, 5.0
API_RESOURCE = "APIHandler"
NOTES = (
    "init: the handler module's import with AWS_LAMBDA_INITIALIZATION_TYPE=snap-start (its pre-snapshot work) and "
    "the before-snapshot hooks; RSS: VmRSS after init (peak: VmHWM); sessions: botocore sessions built during init "
    "(+ more on the first request).",
    "first request: local work from handler entry to its first outbound request (Secrets Manager answered in the "
    "process), after the after-restore hooks; restoring the snapshot itself cannot be measured here.",
)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def summarise(function: Row, samples: list[Row]) -> Row:
    """One row from a function's samples: medians of time and memory, the most sessions any round built."""
    requests = [s["first_request_ms"] for s in samples if "first_request_ms" in s]
    hooks = [s["restore_hooks_ms"] for s in samples if "restore_hooks_ms" in s]
    return {
        "resource": function["resource"],
        "module": function["module"],
        "snapstart": bool(function["snapstart"]),
        "init_ms": _median([s["init_ms"] for s in samples]),
        "init_ms_rounds": [round(s["init_ms"], 1) for s in samples],  # the spread, for a loaded machine
        "rss_mib": _median([s["vmrss_mib"] for s in samples]),
        "peak_mib": _median([s["vmhwm_mib"] for s in samples]),
        "sessions_init": max(s["sessions_init"] for s in samples),
        "sessions_total": max(s["sessions"] for s in samples),
        "first_request_ms": round(statistics.median(requests), 2) if requests else None,
        "restore_hooks_ms": round(statistics.median(hooks), 2) if hooks else None,
        "stopped_at": sorted({s["stop"] for s in samples}) if requests else [],
        "outbound_before_request": sorted({o for s in samples for o in s["outbound_before_request"]}),
        "rounds": len(samples),
    }


def judge(row: Row, floor: Row) -> Row:
    """`row` with its ratios to the floor and each target's verdict."""
    limit = API_INIT_RATIO if row["resource"] == API_RESOURCE else INIT_RATIO
    # Judged on the exact ratios; the rounded ones are for show.
    init_ratio, rss_ratio = row["init_ms"] / floor["init_ms"], row["rss_mib"] / floor["rss_mib"]
    first = row["first_request_ms"]
    checks = {
        "init": init_ratio <= limit,
        "rss": rss_ratio <= RSS_RATIO,
        "sessions": row["sessions_init"] == SESSIONS and row["sessions_total"] == SESSIONS,
        "first request": first is not None and first <= FIRST_REQUEST_MS,
    }
    return {
        **row,
        "init_ratio": round(init_ratio, 2),
        "init_limit": limit,
        "rss_ratio": round(rss_ratio, 2),
        "checks": checks,
        "met": all(checks.values()),
    }


def verdict(row: Row) -> str:
    """ "met", or the targets missed."""
    missed = [name for name, ok in row["checks"].items() if not ok]
    return "met" if not missed else "missed: " + ", ".join(missed)


def _sessions(row: Row) -> str:
    extra = row["sessions_total"] - row["sessions_init"]
    return f"{row['sessions_init']}" + (f" (+{extra} on request)" if extra else "")


def _cells(row: Row) -> list[str]:
    first = row["first_request_ms"]
    judged = "checks" in row
    return [
        row["resource"],
        "yes" if row["snapstart"] else "no",
        f"{row['init_ms']}",
        f"{row['init_ratio']} (≤ {row['init_limit']:g})" if judged else "1",
        f"{row['rss_mib']}",
        f"{row['rss_ratio']}" if judged else "1",
        f"{row['peak_mib']}",
        _sessions(row),
        f"{first}" if first is not None else "-",
        "; ".join(row["stopped_at"]) or "-",
        verdict(row) if judged else "(floor)",
    ]


HEAD = [
    "function",
    "SnapStart",
    "init ms",
    "x floor",
    "RSS MiB",
    "x floor",
    "peak MiB",
    "sessions",
    "first request ms",
    "stopped at",
    "verdict",
]


def _rows(figures: Row) -> list[list[str]]:
    return [_cells(figures["floor"]), *(_cells(f) for f in figures["functions"])]


def _footer(figures: Row) -> list[str]:
    met = sum(f["met"] for f in figures["functions"])
    return [
        f"{met} of {len(figures['functions'])} functions meet every target; medians of {figures['rounds']} "
        f"interleaved rounds, {figures['python']}.",
        *NOTES,
        *_model_note(figures),
        *(
            f"network before the request: {f['resource']}: {', '.join(f['outbound_before_request'])}"
            for f in figures["functions"]
            if f["outbound_before_request"]
        ),
    ]


def _model_note(figures: Row) -> list[str]:
    model = figures.get("floor_model")
    if not model:
        return []
    ratio = model["init_ms"] / figures["floor"]["init_ms"]
    return [
        f"{FLOOR_MODEL}: the floor defining one pydantic model, {model['init_ms']} ms ({ratio:.2f}x floor), "
        f"{model['rss_mib']} MiB: the floor's `import pydantic` loads only pydantic's lazy top module."
    ]


def table(figures: Row) -> str:
    """The figures as an aligned text table, then the notes."""
    rows = [HEAD, *_rows(figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEAD))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([*lines, "", *_footer(figures)])


def markdown(figures: Row) -> str:
    """The figures as a markdown table for the docs, then the notes."""
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(cells) + " |" for cells in _rows(figures)]
    return "\n".join([*lines, "", *_footer(figures)])
