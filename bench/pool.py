"""Run many jobs on a fixed number of worker threads released together, to measure behaviour under contention."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any


def run_workers(fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], workers: int) -> list[Any]:
    """Run `fn(*job)` for every job on `workers` threads that start at once; outcomes in job order.

    Each outcome is the call's return value or the exception it raised (refusals are results here).
    """
    outcomes: list[Any] = [None] * len(jobs)
    barrier = threading.Barrier(workers)
    lock = threading.Lock()
    cursor = iter(range(len(jobs)))

    def next_job() -> int | None:
        with lock:
            return next(cursor, None)

    def work() -> None:
        barrier.wait()
        while (index := next_job()) is not None:
            try:
                outcomes[index] = fn(*jobs[index])
            except Exception as exc:  # counted by the caller
                outcomes[index] = exc

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def in_parallel(fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], workers: int = 8) -> list[Any]:
    """Set-up helper: run the jobs on a few threads and re-raise the first failure."""
    outcomes = run_workers(fn, jobs, min(workers, max(1, len(jobs))))
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
    return outcomes
