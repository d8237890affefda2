"""Run calls truly at once, to test what the system guarantees under contention.

Usage: `outcomes = at_once(buy, [(user,) for user in users])`; each outcome is the call's return value or the
exception it raised, in the order of the arguments. The runner is devstack/workers.py's, which the benchmark
uses too.
"""

from devstack.workers import at_once

__all__ = ["at_once"]
