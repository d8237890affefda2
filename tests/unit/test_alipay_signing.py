"""RSA2 signing and verification (chalicelib/payments/signing.py) against the local sandbox's own signed strings."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from chalicelib.payments import signing
from chalicelib.payments.alipay import Alipay
from devstack import alipay_keys

APP_KEY = alipay_keys.new_private_key()
ALIPAY_KEY = alipay_keys.new_private_key()
NOTICE = {"app_id": "2021000000000000", "out_trade_no": "R1", "total_amount": "5.00", "trade_no": "2099", "memo": ""}


def _pem_body(pem: str) -> str:
    return "".join(pem.strip().splitlines()[1:-1])


def test_the_signed_string_sorts_by_name_and_leaves_out_sign_and_empty_values():
    params = {"b": "2", "a": "1", "sign": "x", "sign_type": "RSA2", "c": ""}
    assert signing.signed_string(params) == "a=1&b=2&sign_type=RSA2"
    assert signing.signed_string(params, excluded=("sign", "sign_type")) == "a=1&b=2"


def test_a_notification_signed_by_alipays_key_verifies_with_its_public_key_in_pem_or_bare_base64():
    signed = {**NOTICE, "sign_type": "RSA2", "sign": alipay_keys.sign(NOTICE, ALIPAY_KEY)}
    public = alipay_keys.public_key_of(ALIPAY_KEY)
    assert signing.verify(signed, public)
    assert signing.verify(signed, _pem_body(public))  # how Alipay's console shows the key


@pytest.mark.parametrize(
    "change",
    [{"total_amount": "500.00"}, {"app_id": "2021009999999999"}, {"sign_type": "RSA"}, {"extra": "1"}],
)
def test_any_change_to_a_signed_notification_fails_verification(change: dict[str, str]):
    signed = {**NOTICE, "sign_type": "RSA2", "sign": alipay_keys.sign(NOTICE, ALIPAY_KEY)}
    assert not signing.verify({**signed, **change}, alipay_keys.public_key_of(ALIPAY_KEY))


def test_a_signature_by_another_key_or_no_signature_fails():
    other = {**NOTICE, "sign_type": "RSA2", "sign": alipay_keys.sign(NOTICE, APP_KEY)}
    assert not signing.verify(other, alipay_keys.public_key_of(ALIPAY_KEY))
    assert not signing.verify({**NOTICE, "sign": "not base64!"}, alipay_keys.public_key_of(ALIPAY_KEY))
    assert not signing.verify(NOTICE, alipay_keys.public_key_of(ALIPAY_KEY))


def test_the_pay_url_carries_a_signature_the_gateway_accepts_with_the_apps_public_key():
    provider = Alipay("2021000000000000", _pem_body(APP_KEY), "", "https://gw.example/gateway.do", "https://n.example/")
    url = provider.page_pay_url("20240101120000000000001", Decimal("18"), "美多商城1", "https://r.example/")
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert alipay_keys.verify(params, alipay_keys.public_key_of(APP_KEY))  # a request's signature covers sign_type
    assert '"total_amount":"18.00"' in params["biz_content"] and params["method"] == "alipay.trade.page.pay"


def _pkcs1(private_pem: str) -> tuple[str, str]:
    """The PKCS#1 forms ("BEGIN RSA PRIVATE KEY", "BEGIN RSA PUBLIC KEY") of a PKCS#8 private key and its public key."""
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    assert isinstance(key, RSAPrivateKey)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
    return private.decode("ascii"), public.decode("ascii")


def test_a_private_key_in_pkcs8_or_pkcs1_pem_or_bare_base64_gives_the_same_accepted_signature():
    params = {"app_id": "2021000000000000", "sign_type": "RSA2", "biz_content": '{"subject":"美多商城1"}'}
    pkcs1, _ = _pkcs1(APP_KEY)
    assert pkcs1.startswith("-----BEGIN RSA PRIVATE KEY-----") and APP_KEY.startswith("-----BEGIN PRIVATE KEY-----")
    signatures = {signing.sign(params, key) for key in (APP_KEY, pkcs1, _pem_body(APP_KEY), _pem_body(pkcs1))}
    assert len(signatures) == 1  # PKCS#1 v1.5 is deterministic: one key, one signature whatever its wrapping
    assert alipay_keys.verify({**params, "sign": signatures.pop()}, alipay_keys.public_key_of(APP_KEY))


def test_a_notification_verifies_with_alipays_public_key_in_pkcs1_pem():
    signed = {**NOTICE, "sign_type": "RSA2", "sign": alipay_keys.sign(NOTICE, ALIPAY_KEY)}
    _, public = _pkcs1(ALIPAY_KEY)
    assert public.startswith("-----BEGIN RSA PUBLIC KEY-----")
    assert signing.verify(signed, public)
    assert not signing.verify({**signed, "total_amount": "500.00"}, public)


def test_a_key_that_is_not_an_rsa_key_is_refused_by_name():
    with pytest.raises(signing.BadKey):
        signing.private_key("bm90IGEga2V5")
    with pytest.raises(signing.BadKey):
        signing.public_key("-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----")


def test_the_layer_directory_goes_on_sys_path_once_and_only_where_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delenv(signing.LAYER_DIR_VARIABLE, raising=False)
    before = list(sys.path)
    signing.reach_cryptography()
    assert sys.path == before  # installed as usual: nothing to add
    monkeypatch.setenv(signing.LAYER_DIR_VARIABLE, str(tmp_path))
    signing.reach_cryptography()
    signing.reach_cryptography()
    assert sys.path == [*before, str(tmp_path)]  # after the function's own code and imports, once


def test_signing_and_verifying_never_import_the_serialization_package_and_its_ssh_support():
    # The payments function's init imports what signing uses; the serialization package would add every cipher.
    code = (
        "import os, sys; from chalicelib.payments import signing; signing.preload()\n"
        "params = {'a': 'b', 'sign': signing.sign({'a': 'b'}, os.environ['APP_KEY'])}\n"
        "assert signing.verify(params, os.environ['APP_PUBLIC_KEY'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('cryptography.hazmat.primitives.serialization')))"
    )
    keys = {"APP_KEY": APP_KEY, "APP_PUBLIC_KEY": alipay_keys.public_key_of(APP_KEY)}
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, **keys}
    )
    assert ran.stdout.strip() == "[]"
