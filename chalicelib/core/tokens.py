"""Signed, expiring, purpose-bound tokens (JWT, HS256): a token made for one purpose never passes for another.

The purpose travels as the audience (`aud`), which PyJWT checks on decode, so an e-mail link, an OAuth binding
ticket and a login token signed with the same secret can never stand in for each other.
"""

from __future__ import annotations

import time
from typing import Any

import jwt

from chalicelib.core.secrets import jwt_secret

_ALGORITHM = "HS256"


class BadToken(Exception):
    """The token is malformed, tampered with, expired, or made for another purpose."""


def audience(purpose: str) -> str:
    """The audience claim of a purpose (`login`, `email-verify` ...)."""
    return f"shop:{purpose}"


def sign(purpose: str, subject: str, ttl_seconds: int, now: float | None = None, **claims: Any) -> str:
    """A token for `purpose` about `subject`, valid for `ttl_seconds`."""
    issued = int(now if now is not None else time.time())
    payload = {**claims, "sub": subject, "aud": audience(purpose), "iat": issued, "exp": issued + ttl_seconds}
    return jwt.encode(payload, jwt_secret(), algorithm=_ALGORITHM)


def verify(purpose: str, token: str) -> dict[str, Any]:
    """The claims of a valid token made for `purpose`; BadToken for anything else."""
    try:
        return dict(
            jwt.decode(
                token,
                jwt_secret(),
                algorithms=[_ALGORITHM],
                audience=audience(purpose),
                options={"require": ["exp", "sub", "aud"]},
            )
        )
    except jwt.PyJWTError:
        raise BadToken() from None
