"""RSA2 keys and signatures for the local Alipay sandbox, with `cryptography` as the app's: the signed string is
built here apart from chalicelib/payments/signing.py, so every local payment checks that the two agree on it."""

from __future__ import annotations

import base64
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey


def new_private_key() -> str:
    """A fresh 2048-bit RSA private key, PKCS#8 PEM (what Alipay's key tool writes)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return pem.decode("ascii")


def public_key_of(private_pem: str) -> str:
    """The X.509 SubjectPublicKeyInfo PEM of a private key (what Alipay's console shows and takes)."""
    public = _private(private_pem).public_key()
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem.decode("ascii")


def _private(pem: str) -> RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    assert isinstance(key, RSAPrivateKey)
    return key


def _public(pem: str) -> RSAPublicKey:
    key = serialization.load_pem_public_key(pem.encode("ascii"))
    assert isinstance(key, RSAPublicKey)
    return key


def content(params: Mapping[str, str], excluded: tuple[str, ...], encoding: str = "utf-8") -> bytes:
    """Alipay's signed string: non-empty parameters but the excluded ones, sorted by name, `k=v` joined by `&`."""
    pairs = sorted((k, v) for k, v in params.items() if k not in excluded and v != "")
    return "&".join(f"{k}={v}" for k, v in pairs).encode(encoding)


def sign(
    params: Mapping[str, str],
    private_pem: str,
    excluded: tuple[str, ...] = ("sign", "sign_type"),
    encoding: str = "utf-8",
) -> str:
    """The base64 SHA256withRSA signature Alipay puts in `sign` (its notifications leave out sign and sign_type)."""
    signed = content(params, excluded, encoding)
    signature = _private(private_pem).sign(signed, padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def verify(params: Mapping[str, str], public_pem: str, excluded: tuple[str, ...] = ("sign",)) -> bool:
    """Whether `sign` is the app's signature over the other parameters (a request leaves out only `sign`)."""
    try:
        signature = base64.b64decode(params.get("sign", ""), validate=True)
        _public(public_pem).verify(signature, content(params, excluded), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True
