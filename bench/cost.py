"""Serverless cost for the report: packaged app cold import (tracing off and on) and zip size, beside hello-world."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bench.serverless_cost import hello_world, packaged_import_ms, zip_size_kib

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENT = ROOT / "build" / "package" / "deployment.zip"


def measure(runs: int) -> dict[str, Any]:
    """The figures of `make cost` in one pass; skipped (saying why) when `make package` has not run."""
    if not DEPLOYMENT.exists():
        return {"skipped": "build/package/deployment.zip is missing: run `make package` (`make bench` does)"}
    saved = os.environ.get("POWERTOOLS_TRACE_DISABLED")
    figures: dict[str, Any] = {}
    try:
        # The import subprocesses inherit this process's environment: dev runs without tracing, prod with it.
        for label, disabled in (("tracing_off", "true"), ("tracing_on", "false")):
            os.environ["POWERTOOLS_TRACE_DISABLED"] = disabled
            figures[f"app_import_ms_{label}"] = packaged_import_ms(DEPLOYMENT, runs)
    finally:
        if saved is None:
            os.environ.pop("POWERTOOLS_TRACE_DISABLED", None)
        else:
            os.environ["POWERTOOLS_TRACE_DISABLED"] = saved
    figures["app_zip_kib"] = zip_size_kib(DEPLOYMENT)
    figures["hello_world"] = hello_world(runs)
    figures["runs"] = runs
    return figures
