"""Alipay's RSA2 signatures: SHA256withRSA (PKCS#1 v1.5) over the parameters sorted by name as `k=v&k=v`.

The signed string follows Alipay's open platform (and its Java SDK's `getSignContent`): every parameter but
`sign` (and, for what Alipay sends us, `sign_type`), empty values left out, raw (URL-decoded) values, sorted by
name. `rsa` (pure Python) is imported on first use, so only the payment routes pay for it.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rsa

HASH = "SHA-256"
SIGN_TYPE = "RSA2"
# The charsets Alipay signs in (its `charset` parameter) → the codec of the signed bytes; gbk covers gb2312.
CHARSETS = {"utf-8": "utf-8", "gbk": "gbk", "gb2312": "gbk"}
_PEM = re.compile(r"-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----", re.DOTALL)


class BadKey(ValueError):
    """A configured key is neither PEM nor base64 DER of an RSA key of the expected kind."""


def signed_string(params: Mapping[str, str], *, excluded: tuple[str, ...] = ("sign",)) -> str:
    """The string a signature covers: `k=v` of every non-empty parameter not `excluded`, sorted, joined by `&`."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in excluded and v != "")


def _der(text: str) -> tuple[str | None, bytes]:
    """(PEM label or None, DER bytes) of a PEM block or of bare base64 (how Alipay's console shows keys)."""
    match = _PEM.search(text)
    label, body = (match.group(1), match.group(2)) if match else (None, text)
    try:
        return label, base64.b64decode("".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        raise BadKey("not a PEM or base64 key") from None


def _pkcs1_of_pkcs8(der: bytes) -> bytes:
    """The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (what Alipay's newer key tool writes)."""
    from pyasn1.codec.der import decoder

    info, _ = decoder.decode(der)
    return bytes(info[2])  # version, algorithm, privateKey (an OCTET STRING holding the PKCS#1 key)


@lru_cache(maxsize=8)
def private_key(text: str) -> rsa.PrivateKey:
    """An RSA private key from PEM (PKCS#1 or PKCS#8) or bare base64 of either."""
    import rsa

    label, der = _der(text)
    try:
        if label == "RSA PRIVATE KEY":
            return rsa.PrivateKey.load_pkcs1(der, "DER")
        try:
            return rsa.PrivateKey.load_pkcs1(_pkcs1_of_pkcs8(der), "DER")
        except Exception:  # pyasn1 raises several kinds: bare base64 may be PKCS#1 too
            return rsa.PrivateKey.load_pkcs1(der, "DER")
    except Exception as exc:
        raise BadKey(f"not an RSA private key ({type(exc).__name__})") from None


@lru_cache(maxsize=8)
def public_key(text: str) -> rsa.PublicKey:
    """An RSA public key from PEM (X.509 SubjectPublicKeyInfo or PKCS#1) or bare base64 of the former."""
    import rsa

    label, der = _der(text)
    try:
        if label == "RSA PUBLIC KEY":
            return rsa.PublicKey.load_pkcs1(der, "DER")
        return rsa.PublicKey.load_pkcs1_openssl_der(der)
    except Exception as exc:
        raise BadKey(f"not an RSA public key ({type(exc).__name__})") from None


def sign(params: Mapping[str, str], key_text: str) -> str:
    """The base64 RSA2 signature of `params` (everything but `sign`) with the private key."""
    import rsa

    signature = rsa.sign(signed_string(params).encode("utf-8"), private_key(key_text), HASH)
    return base64.b64encode(signature).decode("ascii")


def verify(params: Mapping[str, str], key_text: str) -> bool:
    """Whether `params["sign"]` is the RSA2 signature of the others but `sign_type`, by the public key's owner.

    The signed bytes are the string in the charset the parameters name (`charset`, UTF-8 when absent).
    """
    import rsa

    signature = params.get("sign", "")
    codec = CHARSETS.get(params.get("charset", "utf-8").lower())
    if params.get("sign_type", SIGN_TYPE) != SIGN_TYPE or not signature or codec is None:
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
        content = signed_string(params, excluded=("sign", "sign_type")).encode(codec)
        return rsa.verify(content, raw, public_key(key_text)) == HASH
    except (binascii.Error, ValueError, rsa.VerificationError):
        return False
