"""Run calls on threads released together through a barrier, to see what the system does under contention.

`run_workers(fn, jobs, 16)` puts every job through 16 threads that start at once (the benchmark's contention
runs); `at_once(fn, calls)` gives each call a thread of its own (the tests' contention checks). Each outcome is
the call's return value or the exception it raised, in job order: refusals are results here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any


def run_workers(fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], workers: int) -> list[Any]:
    """Run `fn(*job)` for every job on `workers` threads released together; outcomes in job order."""
    outcomes: list[Any] = [None] * len(jobs)
    workers = min(workers, len(jobs))
    if workers < 1:
        return outcomes
    barrier = threading.Barrier(workers)
    lock = threading.Lock()
    # Thread i's first job is job i, handed over before the barrier: with as many threads as jobs every call
    # then runs on a thread of its own, and a thread quick to finish cannot take a second job before another
    # thread has started its first. Later jobs go to whichever thread is free.
    cursor = iter(range(workers, len(jobs)))

    def next_job() -> int | None:
        with lock:
            return next(cursor, None)

    def work(first: int) -> None:
        barrier.wait()
        index: int | None = first
        while index is not None:
            try:
                outcomes[index] = fn(*jobs[index])
            except Exception as exc:  # the caller counts or asserts on refusals as on results
                outcomes[index] = exc
            index = next_job()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def at_once(fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> list[Any]:
    """One thread per call, all released together; every outcome in the order of the calls."""
    return run_workers(fn, calls, len(calls))


def in_parallel(fn: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], workers: int = 8) -> list[Any]:
    """Set-up and read-back helper: run the jobs on a few threads and re-raise the first failure."""
    outcomes = run_workers(fn, jobs, workers)
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
    return outcomes
