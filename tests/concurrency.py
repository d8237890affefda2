"""Run calls truly at once, to test what the system guarantees under contention.

Usage: `outcomes = at_once(buy, [(user,) for user in users])`; each outcome is the call's return value or the
exception it raised, in the order of the arguments.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any


def at_once(fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> list[Any]:
    """Start one thread per call, release them together through a barrier, and collect every outcome."""
    outcomes: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index: int, args: tuple[Any, ...]) -> None:
        barrier.wait()
        try:
            outcomes[index] = fn(*args)
        except Exception as exc:  # the caller asserts on refusals as on results
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i, args)) for i, args in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
