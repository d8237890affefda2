"""bench/targets.py judges the serverless-cost figures of a run against issue 10's targets."""

from __future__ import annotations

from typing import Any

from bench.report import cost_section
from bench.targets import cost_targets


def _function(resource: str, ratio: float, limit: float, rss: float = 50.0) -> dict[str, Any]:
    return {
        "resource": resource,
        "module": f"chalicelib.functions.{resource.lower()}",
        "memory_mb": 256,
        "timeout_s": 10,
        "reserved": None,
        "snapstart": True,
        "serves": ["GET /carts"],
        "rights": {
            "tables": ["skus"],
            "sends": [],
            "reads": [],
            "scheduler": False,
            "mail": False,
            "secret": True,
            "vpc": False,
        },
        "import_ms": ratio * 50,
        "ratio": ratio,
        "ratio_limit": limit,
        "rss_mib": rss,
    }


def _cost(*functions: dict[str, Any], zip_kib: float = 9_000.0) -> dict[str, Any]:
    return {
        "functions": list(functions),
        "libraries": {"import_ms": 200.0, "ratio": 4.0, "rss_mib": 38.0, "modules": ["chalice"]},
        "hello_world": {"import_ms": 50.0, "import_ms_median": 50.0, "rss_mib": 15.0, "zip_kib": 20},
        "zip_kib": zip_kib,
        "zip_met": zip_kib <= 12 * 1024,
        "runs": 5,
        "app_import_ms_tracing_off": 600.0,
        "app_import_ms_tracing_on": 700.0,
        "app_zip_kib": zip_kib,
    }


def test_each_cost_target_is_judged_on_its_own_group() -> None:
    """A slim function over 3x fails only the slim target; RSS and zip are judged apart."""
    judged = cost_targets(_cost(_function("CartApi", 3.5, 3.0), _function("APIHandler", 3.9, 4.0)))
    assert [t["met"] for t in judged] == [False, True, True, True]
    assert judged[0]["measured"].startswith("3.5-3.5x")
    over = cost_targets(_cost(_function("CartApi", 2.0, 3.0, rss=130.0), zip_kib=13_000.0))
    assert [t["met"] for t in over] == [True, True, False, False]


def test_no_functions_measured_means_no_cost_targets() -> None:
    """A run that skipped packaging claims nothing about the functions."""
    assert cost_targets({"skipped": "no zip"}) == []


def test_the_report_prints_every_function_row() -> None:
    """The serverless-cost section carries a row per packaged function beside the app.py summary."""
    text = "\n".join(cost_section(_cost(_function("CartApi", 2.0, 3.0), _function("VisitsApi", 2.5, 3.0))))
    assert "| CartApi (`cartapi`)" in text and "| VisitsApi (`visitsapi`)" in text
    assert "Chalice hello-world" in text
