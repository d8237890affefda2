"""The users context's part in authentication: the standing lookup core/auth.py re-reads on each request."""

from __future__ import annotations

from chalicelib.core import auth
from chalicelib.users import accounts


def wire() -> None:
    """Hand authentication the cached standing lookup; every app with a route that meets a caller calls it once."""
    auth.use_principal_lookup(accounts.standing)
