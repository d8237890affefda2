"""The benchmarks' polling helper: how long until a change shows, infinity when it never does within the limit."""

from __future__ import annotations

import math

from bench.measure import seconds_until


def test_the_seconds_until_a_check_holds_are_counted_from_the_first_look():
    looks = iter([False, False, True])
    waited = seconds_until(lambda: next(looks), limit_s=5.0)
    assert 0 < waited < 5.0


def test_a_check_holding_at_once_costs_no_wait_and_one_never_holding_is_infinite():
    assert seconds_until(lambda: True, limit_s=0.0) < 0.02
    assert math.isinf(seconds_until(lambda: False, limit_s=0.05))
