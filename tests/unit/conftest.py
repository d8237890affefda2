"""Unit tests run without DynamoDB: a user's standing (what authorisation re-reads) comes from a dictionary."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chalicelib.core import auth
from chalicelib.users.models import Standing

# user id → standing; any other user is an active non-staff user whose tokens are at version 0.
STANDINGS: dict[int, Standing] = {}


@pytest.fixture(autouse=True)
def standings(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[int, Standing]]:
    """The users' standings this test sees; a test may add or change entries."""
    STANDINGS.clear()
    monkeypatch.setattr(auth, "_lookup", None)  # whatever was wired before comes back after the test
    auth.use_principal_lookup(lambda user_id: STANDINGS.get(user_id, Standing(False, True, 0)))
    yield STANDINGS
    STANDINGS.clear()
