"""bench/targets.py judges a run's serverless-cost figures and requests per Alipay notification against targets."""

from __future__ import annotations

from typing import Any

from bench.report import cost_section
from bench.targets import cost_targets, payment_targets


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


def _notify_row(operation: str, dynamodb: int, redis: int = 0) -> dict[str, Any]:
    return {"operation": operation, "project": {"dynamodb_total": dynamodb, "redis_round_trips": redis}}


def _notifications(order: int = 2, reward: int = 2, repeat: int = 1, redis: int = 0) -> list[dict[str, Any]]:
    return [
        _notify_row("Alipay notification applied (order)", order, redis),
        _notify_row("Alipay notification applied (reward)", reward),
        _notify_row("Alipay notification repeated", repeat),
    ]


def test_an_applied_notification_meets_its_target_at_two_dynamodb_requests_and_no_redis() -> None:
    """2 requests per applied notification and 1 per repeat meet it; one more request or a Redis trip does not."""
    (met,) = payment_targets(_notifications())
    assert met["met"] and met["measured"] == "2 DynamoDB + 0 Redis / 2 DynamoDB + 0 Redis; repeat 1 DynamoDB + 0 Redis"
    assert not payment_targets(_notifications(reward=3))[0]["met"]
    assert not payment_targets(_notifications(redis=1))[0]["met"]
    assert not payment_targets(_notifications(repeat=2))[0]["met"]


def test_a_run_without_the_repeat_or_a_kind_meets_no_notification_target() -> None:
    """A missing row is never read as met; a run that measured no notification claims nothing."""
    assert not payment_targets(_notifications()[:2])[0]["met"]
    assert not payment_targets(_notifications()[1:])[0]["met"]
    assert payment_targets([_notify_row("visit", 1)]) == []


def _snap(resource: str, checks: dict[str, bool], **values: float) -> dict[str, Any]:
    row = {"resource": resource, "init_ratio": 1.2, "rss_ratio": 1.1, "sessions_total": 1, "first_request_ms": 3.0}
    return {**row, **values, "checks": checks}


def test_snapstart_targets_name_the_functions_that_miss_each() -> None:
    from bench.targets import snapstart_targets

    ok = {"init": True, "rss": True, "sessions": True, "first request": True}
    figures = {
        "floor": {"init_ms": 600.0, "rss_mib": 58.0},
        "functions": [_snap("CartApi", ok), _snap("APIHandler", {**ok, "init": False}, init_ratio=1.76)],
    }
    init, rss, sessions, first = snapstart_targets(figures)
    assert not init["met"] and init["measured"] == "1 of 2; missed: APIHandler 1.76"
    assert "600.0 ms" in init["target"]
    assert rss["met"] and sessions["met"] and first["met"] and rss["measured"] == "2 of 2"
    assert snapstart_targets({"skipped": "no zip"}) == []
