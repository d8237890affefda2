"""The collector across a deployed function's init (chalicelib/core/heap.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from chalicelib.core import heap


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_off_the_lambda_runtime_the_collector_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    heap.pause()
    assert gc.isenabled()
    heap.settle()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_deployed_init_loads_without_collections_then_freezes_what_it_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "shop-dev-api")
    heap.pause()
    assert not gc.isenabled()
    made = [[n] for n in range(1000)]  # what an init keeps
    heap.settle()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)
