"""Serverless cost for the report: every packaged function's cold import and peak RSS, app.py, the zip, hello-world.

All from one `make package` output and one run, so the ratios to the hello-world compare like with like.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.serverless_cost import cold_import, unpacked
from bench.serverless_cost import measure as measure_functions

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "build" / "package"
DEPLOYMENT = PACKAGE / "deployment.zip"


@contextmanager
def _tracing(disabled: str) -> Iterator[None]:
    # The import subprocesses inherit this process's environment: dev runs without tracing, prod with it.
    saved = os.environ.get("POWERTOOLS_TRACE_DISABLED")
    os.environ["POWERTOOLS_TRACE_DISABLED"] = disabled
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("POWERTOOLS_TRACE_DISABLED", None)
        else:
            os.environ["POWERTOOLS_TRACE_DISABLED"] = saved


def measure(runs: int) -> dict[str, Any]:
    """The figures of `make cost` in one pass; skipped (saying why) when `make package` has not run."""
    if not DEPLOYMENT.exists():
        return {"skipped": "build/package/deployment.zip is missing: run `make package` (`make bench` does)"}
    with _tracing("true"):
        figures = measure_functions(DEPLOYMENT, json.loads((PACKAGE / "sam.json").read_text()), runs)
    with _tracing("false"), unpacked(DEPLOYMENT) as path:
        traced = cold_import("app", path, runs)
    hello = figures["hello_world"]
    # The keys the report's serverless-cost section reads (whole app.py beside hello-world), then the functions.
    return {
        **figures,
        "app_import_ms_tracing_off": figures["app_py"]["import_ms"],
        "app_import_ms_tracing_on": traced["import_ms"],
        "app_zip_kib": figures["zip_kib"],
        "hello_world": {**hello, "import_ms_median": hello["import_ms"]},
    }
