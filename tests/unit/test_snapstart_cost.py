"""bench/snapstart_verdict.py: the SnapStart figures summarised, judged against the floor and laid out."""

from __future__ import annotations

from typing import Any

import pytest

from bench.snapstart_cost import function_env
from bench.snapstart_verdict import FLOOR, judge, markdown, summarise, table, verdict


def _sample(init_ms: float, rss: float, sessions: int = 1, at_init: int = 1, first: float | None = 2.0) -> dict:
    found: dict[str, Any] = {
        "init_ms": init_ms,
        "vmrss_mib": rss,
        "vmhwm_mib": rss + 1,
        "sessions": sessions,
        "sessions_init": at_init,
        "outbound_before_request": [],
        "stop": "aws DynamoDB_20120810.GetItem",
    }
    if first is not None:
        found.update(first_request_ms=first, restore_hooks_ms=0.1)
    return found


def _floor() -> dict[str, Any]:
    floor = {"resource": FLOOR, "module": "snapstart_floor", "snapstart": True}
    return summarise(floor, [_sample(100.0, 50.0, first=None), _sample(300.0, 52.0, first=None)])


def _row(resource: str, init_ms: float, rss: float = 50.0, **sample: Any) -> dict[str, Any]:
    function = {"resource": resource, "module": f"chalicelib.functions.{resource.lower()}", "snapstart": True}
    return judge(summarise(function, [_sample(init_ms, rss, **sample)]), _floor())


def test_summary_takes_medians_and_the_most_sessions_any_round_built() -> None:
    function = {"resource": "CartApi", "module": "chalicelib.functions.cart", "snapstart": True}
    row = summarise(function, [_sample(100, 40, first=1.0), _sample(300, 60, sessions=2, first=9.0), _sample(200, 50)])
    assert (row["init_ms"], row["rss_mib"], row["peak_mib"], row["first_request_ms"]) == (200, 50, 51, 2.0)
    assert (row["sessions_init"], row["sessions_total"]) == (1, 2)


@pytest.mark.parametrize(
    ("resource", "init_ms", "met"),
    [("CartApi", 260.0, True), ("CartApi", 261.0, False), ("APIHandler", 300.0, True), ("APIHandler", 301.0, False)],
)
def test_init_is_judged_against_1_3_times_the_floor_and_the_api_against_1_5(
    resource: str, init_ms: float, met: bool
) -> None:
    # The floor's median init is 200 ms: 1.3x is 260 ms, the API function's 1.5x is 300 ms
    row = _row(resource, init_ms)
    assert row["checks"]["init"] is met and row["met"] is met
    assert row["init_ratio"] == round(init_ms / 200.0, 2)


def test_rss_over_1_3_times_the_floor_misses_only_that_target() -> None:
    assert _row("CartApi", 200.0, rss=66.0)["met"]  # the floor's median RSS is 51 MiB: 1.3x is 66.3
    row = _row("CartApi", 200.0, rss=66.4)
    assert row["rss_ratio"] == 1.3 and verdict(row) == "missed: rss"  # rounded for show, judged exactly


@pytest.mark.parametrize(
    ("sample", "missed"),
    [
        ({"sessions": 2, "at_init": 2}, "missed: sessions"),
        ({"sessions": 1, "at_init": 0}, "missed: sessions"),  # built on the first request, not before the snapshot
        ({"first": 5.01}, "missed: first request"),
        ({"first": None}, "missed: first request"),  # never measured is never met
    ],
)
def test_sessions_and_first_request_targets(sample: dict[str, Any], missed: str) -> None:
    assert verdict(_row("CartApi", 200.0, **sample)) == missed
    assert verdict(_row("CartApi", 200.0, first=5.0)) == "met"


def test_table_and_markdown_show_the_floor_then_each_function_with_its_verdict() -> None:
    figures = {
        "floor": _floor(),
        "functions": [_row("CartApi", 200.0), _row("APIHandler", 400.0, sessions=2)],
        "rounds": 2,
        "python": "Python 3.13.0",
    }
    text = table(figures).splitlines()
    assert text[0].split()[:4] == ["function", "SnapStart", "init", "ms"]
    assert text[2].startswith("floor") and "(floor)" in text[2]
    assert text[3].startswith("CartApi") and text[3].endswith("met") and "1.0 (≤ 1.3)" in text[3]
    assert text[4].startswith("APIHandler") and text[4].endswith("missed: init, sessions")
    assert "1 (+1 on request)" in text[4] and "2.0 (≤ 1.5)" in text[4]
    assert "1 of 2 functions meet every target" in table(figures)
    rows = markdown(figures).splitlines()
    assert rows[3] == (
        "| CartApi | yes | 200.0 | 1.0 (≤ 1.3) | 50.0 | 0.98 | 51.0 | 1 | 2.0 | aws DynamoDB_20120810.GetItem | met |"
    )
    assert rows[1].count("---") == len(rows[0].split(" | "))


def test_function_env_takes_literals_and_placeholders_for_computed_values() -> None:
    sam = {
        "Globals": {"Function": {"Environment": {"Variables": {"REDIS_URL": {"Fn::Sub": "x"}, "STAGE": "prod"}}}},
        "Resources": {"Cart": {"Properties": {"Environment": {"Variables": {"QQ_CLIENT_ID": {"Ref": "QQ"}}}}}},
    }
    env = function_env(sam, "Cart")
    assert env["STAGE"] == "prod" and env["REDIS_URL"].startswith("rediss://") and "QQ_CLIENT_ID" not in env


def test_the_floor_with_a_pydantic_model_is_a_note_and_judges_nothing() -> None:
    model = {"resource": "floor + a pydantic model", "module": "snapstart_floor_model", "snapstart": True}
    figures = {
        "floor": _floor(),
        "floor_model": summarise(model, [_sample(300.0, 55.0, first=None)]),
        "functions": [_row("CartApi", 261.0)],
        "rounds": 1,
        "python": "Python 3.13.0",
    }
    text = table(figures)
    # The floor's median init is 200 ms; the row with the model is 300 ms: 1.50x, told in the notes only
    assert "floor + a pydantic model: the floor defining one pydantic model, 300.0 ms (1.50x floor)" in text
    assert "missed: init" in text and "0 of 1 functions" in text
