"""Password hashing: salted, verifiable, and wrong passwords fail."""

from chalicelib.core.passwords import hash_password, verify_password


def test_same_password_hashes_differently_each_time():
    assert hash_password("s3cret-pass") != hash_password("s3cret-pass")


def test_right_password_verifies_and_wrong_one_does_not():
    encoded = hash_password("s3cret-pass")
    assert encoded.startswith("scrypt$")
    assert verify_password("s3cret-pass", encoded)
    assert not verify_password("s3cret-pasS", encoded)


def test_garbage_hash_never_verifies():
    assert not verify_password("anything", "not-a-hash")
    assert not verify_password("anything", "md5$1$2$3$abc$def")
