"""Password hashing with scrypt: slow, salted, memory-hard, from the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

# n=2**14, r=8 costs ~16 MiB and tens of milliseconds: the OWASP minimum for scrypt.
_N, _R, _P, _LEN = 2**14, 8, 1, 32


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=_LEN, maxmem=64 * 1024 * 1024)


def hash_password(password: str) -> str:
    """A self-describing scrypt hash with a fresh random salt."""
    salt = os.urandom(16)
    digest = _derive(password, salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Check a password against a stored hash in constant time."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the account is unknown, so both answers are equally slow."""
    return hash_password("dummy-password-for-timing")
