"""One PNG: DynamoDB requests per operation (project vs the seeds' way), lost visit counts, HTTP latency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: render straight to a file

import matplotlib.pyplot as plt

PROJECT, SEED = "#2b7bb9", "#d9822b"


def _requests(ax: Any, rows: list[dict[str, Any]]) -> None:
    measured = [r for r in rows if "project" in r]
    names = [r["operation"] for r in measured]
    y = range(len(measured))
    ax.barh([i + 0.2 for i in y], [r["project"]["dynamodb_total"] or 0.5 for r in measured], 0.4, color=PROJECT)
    seed = [(i, r["baseline"]["dynamodb_total"]) for i, r in zip(y, measured, strict=True) if r["baseline"]]
    ax.barh([i - 0.2 for i, _ in seed], [n for _, n in seed], 0.4, color=SEED)
    ax.set_yticks(list(y), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("DynamoDB requests (log scale; 0 drawn as 0.5)")
    ax.set_title("Requests per operation")
    ax.legend(["project", "seed's way"], fontsize=8)


def _lost(ax: Any, runs: list[dict[str, Any]]) -> None:
    labels = [f"{c['workers']} workers\n({c['visits']['visits']} visits)" for c in runs]
    x = range(len(runs))
    project = ax.bar([i - 0.2 for i in x], [c["visits"]["project"]["lost"] for c in runs], 0.4, color=PROJECT)
    seed = ax.bar([i + 0.2 for i in x], [c["visits"]["baseline"]["lost"] for c in runs], 0.4, color=SEED)
    for bars in (project, seed):
        ax.bar_label(bars, fontsize=8)  # the project's zeros would otherwise not show at all
    ax.set_xticks(list(x), labels, fontsize=8)
    ax.set_ylabel("visit counts lost")
    ax.set_title("Lost visit counts under contention")
    ax.legend(["project ADD", "seed 000 read-modify-write"], fontsize=8)


def _latency(ax: Any, http: dict[str, Any]) -> None:
    endpoints = http["endpoints"]
    names = list(endpoints)
    y = range(len(names))
    ax.barh([i + 0.2 for i in y], [endpoints[n]["p50_ms"] or 0 for n in names], 0.4, color=PROJECT)
    ax.barh([i - 0.2 for i in y], [endpoints[n]["p99_ms"] or 0 for n in names], 0.4, color="#999999")
    ax.set_yticks(list(y), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("ms")
    ax.set_title(f"HTTP latency, {http['settings']['clients']} clients (moto, not DynamoDB)")
    ax.legend(["p50", "p99"], fontsize=8)


def draw(results: dict[str, Any], path: Path) -> None:
    """Write the chart."""
    figure, axes = plt.subplots(1, 3, figsize=(18, 6.5), gridspec_kw={"width_ratios": [1.4, 0.8, 1.1]})
    _requests(axes[0], results["requests"])
    _lost(axes[1], results["contention"])
    _latency(axes[2], results["http"])
    figure.suptitle(f"make bench, {results['header']['date']}, {results['header']['machine']}", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
