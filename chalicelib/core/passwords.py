"""Password hashing with Argon2id at OWASP's parameters; older scrypt hashes still verify and are upgraded."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP Password Storage Cheat Sheet: Argon2id with 19 MiB of memory, 2 iterations, 1 lane.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
_SCRYPT_MAXMEM = 64 * 1024 * 1024


def hash_password(password: str) -> str:
    """A self-describing Argon2id hash (PHC string) with a fresh random salt."""
    return _HASHER.hash(password)


def _verify_scrypt(password: str, encoded: str) -> bool:
    # The format the first releases stored: scrypt$n$r$p$salt$digest, base64 parts.
    try:
        _, n, r, p, salt, digest = encoded.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=_SCRYPT_MAXMEM,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def verify_password(password: str, encoded: str) -> bool:
    """Check a password against a stored hash (Argon2id, or a legacy scrypt one) in constant time."""
    if encoded.startswith("scrypt$"):
        return _verify_scrypt(password, encoded)
    try:
        return _HASHER.verify(encoded, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """True when a hash is not Argon2id at today's parameters: rehash it after the next good login."""
    return encoded.startswith("scrypt$") or _HASHER.check_needs_rehash(encoded)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the account is unknown, so both answers are equally slow."""
    return hash_password("dummy-password-for-timing")
