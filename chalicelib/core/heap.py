"""The cyclic garbage collector across a deployed function's init: off while its modules load, then frozen.

Loading a function module makes tens of thousands of objects that live as long as the process (modules, classes,
pydantic validators, botocore's models; test_cold_imports checks each init freezes more than 10,000); the collector
would scan them over and over while they pile up, for nothing, since almost none is garbage. Python's documentation
gives the pattern for a process copied after its start (a fork; here also SnapStart's snapshot): disable the
collector early, freeze what the start made (moved to a generation no collection scans) and enable it again. After
init, collections scan only what requests make.
"""

from __future__ import annotations

import gc

from chalicelib.core.stage import deployed


def pause() -> None:
    """At the start of a deployed function's init: no collection while its modules load."""
    if deployed():
        gc.disable()


def settle() -> None:
    """At the end of the init: what it made is frozen out of later collections, and the collector runs again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
