"""QQ login's refusals, each naming the field the caller has to change."""

from __future__ import annotations

from chalicelib.core.errors import Conflict, InvalidInput, field_error


class AlreadyBound(Conflict):
    """The openid is bound to an account already (maybe by a concurrent bind that won)."""

    default_message = "this QQ account is already bound to an account"

    def __init__(self, field: str = "access_token") -> None:
        super().__init__(errors=[{"field": field, "message": "already bound"}])


def bad_state() -> InvalidInput:
    """400 for a state this server did not issue, already spent or let expire."""
    return field_error("state", "unknown, used or expired: start the QQ login again")


def bad_code() -> InvalidInput:
    """400 for an authorization code QQ refused (expired, used, never issued)."""
    return field_error("code", "QQ refused the code: expired or already used")


def bad_ticket(field: str = "access_token") -> InvalidInput:
    """400 for an openid ticket that is forged, tampered with, expired or made for another purpose."""
    return field_error(field, "invalid or expired: log in with QQ again")
