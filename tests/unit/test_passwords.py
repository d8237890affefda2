"""Password hashing: Argon2id at OWASP's parameters, salted; legacy scrypt hashes verify and ask for an upgrade."""

import base64
import hashlib

from chalicelib.core.passwords import hash_password, needs_rehash, verify_password


def _legacy_scrypt(password: str) -> str:
    # Exactly what the first releases stored (n=2**14, r=8, p=1, 32 bytes).
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32, maxmem=64 * 1024 * 1024)
    return f"scrypt${2**14}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def test_same_password_hashes_differently_each_time():
    assert hash_password("s3cret-pass") != hash_password("s3cret-pass")


def test_right_password_verifies_and_wrong_one_does_not():
    encoded = hash_password("s3cret-pass")
    # OWASP: Argon2id, m=19 MiB, t=2, p=1.
    assert encoded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password("s3cret-pass", encoded)
    assert not verify_password("s3cret-pasS", encoded)
    assert not needs_rehash(encoded)


def test_a_legacy_scrypt_hash_still_verifies_and_asks_to_be_upgraded():
    legacy = _legacy_scrypt("s3cret-pass")
    assert verify_password("s3cret-pass", legacy) and not verify_password("s3cret-pasS", legacy)
    assert needs_rehash(legacy)


def test_weaker_argon2_parameters_ask_to_be_upgraded():
    from argon2 import PasswordHasher

    assert needs_rehash(PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("s3cret-pass"))


def test_garbage_hash_never_verifies():
    assert not verify_password("anything", "not-a-hash")
    assert not verify_password("anything", "md5$1$2$3$abc$def")
    assert not verify_password("anything", "scrypt$x$8$1$abc$def")
