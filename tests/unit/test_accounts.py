"""A user's standing is re-read after AUTH_CACHE_SECONDS, so a revocation reaches every container that soon."""

from __future__ import annotations

import pytest

from chalicelib.core.settings import get_settings
from chalicelib.users import accounts
from chalicelib.users.models import Standing

REAL_STANDING = accounts.standing  # the unit conftest replaces the module attribute, not this reference


@pytest.fixture(autouse=True)
def empty_cache():
    accounts.forget()
    yield
    accounts.forget()


def test_a_standing_is_cached_for_the_window_then_read_again():
    window = get_settings().auth_cache_seconds
    reads: list[int] = []
    records = {7: Standing(False, True, 0)}
    clock = [100.0]

    def lookup(user_id: int) -> Standing | None:
        reads.append(user_id)
        return records.get(user_id)

    def now() -> float:
        return clock[0]

    assert REAL_STANDING(7, lookup, now) == Standing(False, True, 0)
    records[7] = Standing(False, True, 1)  # revoked elsewhere
    clock[0] += window - 0.1
    assert REAL_STANDING(7, lookup, now) == Standing(False, True, 0) and reads == [7]
    clock[0] += 0.2
    assert REAL_STANDING(7, lookup, now) == Standing(False, True, 1) and reads == [7, 7]


def test_forgetting_a_user_reads_it_again_at_once():
    reads: list[int] = []

    def lookup(user_id: int) -> Standing | None:
        reads.append(user_id)
        return Standing(False, True, len(reads))

    assert REAL_STANDING(9, lookup) == Standing(False, True, 1)
    accounts.forget(9)
    assert REAL_STANDING(9, lookup) == Standing(False, True, 2)
