"""Alipay's RSA2 signatures: SHA256withRSA (PKCS#1 v1.5) over the parameters sorted by name as `k=v&k=v`.

The signed string follows Alipay's open platform (and its Java SDK's `getSignContent`): every parameter but
`sign` (and, for what Alipay sends us, `sign_type`), empty values left out, raw (URL-decoded) values, sorted by
name. The keys and signatures are OpenSSL's, through `cryptography` (constant-time private-key operations).

`cryptography` ships in a Lambda layer only the payments function lists (infra/layers.py): its cp313 aarch64 wheel
would take the deployment.zip all functions share past its 12 MiB budget. The layer keeps it in a directory Lambda
does not put on sys.path (PAYMENTS_LAYER_DIR, set by the template), because PyJWT and redis-py import it, x509 and
all, wherever it is importable: this module adds that directory on its first use, after the function's imports.
`preload()` imports what signing uses before SnapStart's snapshot, so a restored copy's first payment does not;
that payment still pays OpenSSL's check of the private key (kept: a bad key must not reach OpenSSL unchecked), as
the key is a secret no snapshot may hold. In fresh python3.13 processes (x86_64, with requirements-payments.txt and
cffi), first sign() vs second: 86-99 ms (import ~38, the rest the key check) vs 1.2 ms, measured by
  python3.13 -c "from time import perf_counter as t; from chalicelib.payments.signing import sign; \\
    k = open('app.pem').read(); a = t(); sign({}, k); b = t(); sign({}, k); print(b - a, t() - b)"
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import sys
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

SIGN_TYPE = "RSA2"
# The charsets Alipay signs in (its `charset` parameter) → the codec of the signed bytes; gbk covers gb2312.
CHARSETS = {"utf-8": "utf-8", "gbk": "gbk", "gb2312": "gbk"}
_PEM = re.compile(r"-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----", re.DOTALL)


# The directory holding the layer's packages; unset where cryptography is installed as usual (tests, make run).
LAYER_DIR_VARIABLE = "PAYMENTS_LAYER_DIR"


def reach_cryptography() -> None:
    """Put the payments layer's directory on sys.path (once), where the function's environment names one."""
    directory = os.environ.get(LAYER_DIR_VARIABLE)
    if directory and directory not in sys.path:
        sys.path.append(directory)


def preload() -> None:
    """Import what signing and verifying use: SnapStart's init calls it, so a restored copy does not."""
    reach_cryptography()
    import cryptography.exceptions
    import cryptography.hazmat.primitives.asymmetric.padding
    import cryptography.hazmat.primitives.asymmetric.rsa
    import cryptography.hazmat.primitives.hashes  # noqa: F401

    _loaders()


def _loaders() -> Any:
    """OpenSSL's DER key loaders, which `cryptography.hazmat.primitives.serialization` re-exports as they are.

    Not imported from there: that package's `__init__` imports its SSH key support too (every cipher, EC, DSA), as
    long again as what signing needs (27 ms, then 36 ms more, in a fresh python3.13 as the module's docstring's:
      python3.13 -c "from time import perf_counter as t; a = t(); \\
        import cryptography.hazmat.primitives.asymmetric.padding; b = t(); \\
        import cryptography.hazmat.primitives.serialization; print(b - a, t() - b)"
    ).
    """
    from cryptography.hazmat.bindings._rust import openssl

    return openssl.keys


class BadKey(ValueError):
    """A configured key is neither PEM nor base64 DER of an RSA key of the expected kind."""


def signed_string(params: Mapping[str, str], *, excluded: tuple[str, ...] = ("sign",)) -> str:
    """The string a signature covers: `k=v` of every non-empty parameter not `excluded`, sorted, joined by `&`."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in excluded and v != "")


def _der(text: str) -> bytes:
    """The DER bytes of a PEM block or of bare base64 (how Alipay's console shows keys); the label is not needed."""
    match = _PEM.search(text)
    body = match.group(2) if match else text
    try:
        return base64.b64decode("".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        raise BadKey("not a PEM or base64 key") from None


@lru_cache(maxsize=8)
def private_key(text: str) -> RSAPrivateKey:
    """An RSA private key from PEM (PKCS#1 or PKCS#8) or bare base64 of either."""
    reach_cryptography()
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

    der = _der(text)
    try:
        key = _loaders().load_der_private_key(der, None)  # PKCS#8 PrivateKeyInfo or PKCS#1 RSAPrivateKey
    except Exception as exc:  # ValueError for bad DER, TypeError for an encrypted key, UnsupportedAlgorithm
        raise BadKey(f"not an RSA private key ({type(exc).__name__})") from None
    if not isinstance(key, RSAPrivateKey):
        raise BadKey(f"not an RSA private key ({type(key).__name__})")
    return key


@lru_cache(maxsize=8)
def public_key(text: str) -> RSAPublicKey:
    """An RSA public key from PEM (X.509 SubjectPublicKeyInfo or PKCS#1) or bare base64 of either."""
    reach_cryptography()
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

    der = _der(text)
    try:
        key = _loaders().load_der_public_key(der)  # SubjectPublicKeyInfo or PKCS#1 RSAPublicKey, whatever the PEM label
    except Exception as exc:
        raise BadKey(f"not an RSA public key ({type(exc).__name__})") from None
    if not isinstance(key, RSAPublicKey):
        raise BadKey(f"not an RSA public key ({type(key).__name__})")
    return key


def sign(params: Mapping[str, str], key_text: str) -> str:
    """The base64 RSA2 signature of `params` (everything but `sign`) with the private key."""
    reach_cryptography()
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.hashes import SHA256

    signature = private_key(key_text).sign(signed_string(params).encode("utf-8"), PKCS1v15(), SHA256())
    return base64.b64encode(signature).decode("ascii")


def verify(params: Mapping[str, str], key_text: str) -> bool:
    """Whether `params["sign"]` is the RSA2 signature of the others but `sign_type`, by the public key's owner.

    The signed bytes are the string in the charset the parameters name (`charset`, UTF-8 when absent).
    """
    reach_cryptography()
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.hashes import SHA256

    signature = params.get("sign", "")
    codec = CHARSETS.get(params.get("charset", "utf-8").lower())
    if params.get("sign_type", SIGN_TYPE) != SIGN_TYPE or not signature or codec is None:
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
        content = signed_string(params, excluded=("sign", "sign_type")).encode(codec)
        public_key(key_text).verify(raw, content, PKCS1v15(), SHA256())
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True
