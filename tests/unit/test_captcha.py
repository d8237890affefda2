"""The captcha without a network: TC3 signing, Tencent's answers, the disaster-recovery rule and the keys."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.captcha import service, tencent
from chalicelib.captcha.settings import CaptchaSettings, TencentKeys, load_keys
from chalicelib.core.errors import BadGateway, InvalidInput, ServiceUnavailable, TooFrequent

KEYS = TencentKeys("AKIDEXAMPLEKEYID", "EXAMPLESECRETKEY", "app-secret")


def _answer(**response: Any) -> bytes:
    return json.dumps({"Response": {**response, "RequestId": "r-1"}}).encode()


def test_the_signature_is_the_one_tencents_sdk_computes_for_the_same_call():
    # Inputs and value from the official Python SDK (tencentcloud-sdk-python's TC3 signing) at a fixed timestamp.
    body = b'{"Text": "\\u4f60\\u597d", "SessionId": "s1"}'
    signed = tencent.authorization(KEYS, "tts.tencentcloudapi.com", body, 1759500000, service="tts")
    assert signed == (
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLEKEYID/2025-10-03/tts/tc3_request, SignedHeaders=content-type;host, "
        "Signature=531fa847b588591e1ee89340214ace29e3fc7b7dc655d8183ce1c811092dd68c"
    )


def test_a_check_is_one_signed_post_of_describe_captcha_result():
    sent: list[tuple[str, dict[str, Any], dict[str, str], float]] = []

    def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> bytes:
        sent.append((url, json.loads(body), headers, timeout))
        return _answer(CaptchaCode=1, CaptchaMsg="OK")

    client = tencent.TencentCaptcha(190000001, KEYS, "https://captcha.tencentcloudapi.com", 2.5, post, lambda: 1e9)
    assert client.passes("tr0ticket", "@abc", "203.0.113.9") is True
    url, params, headers, timeout = sent[0]
    assert (url, timeout) == ("https://captcha.tencentcloudapi.com", 2.5)
    assert params == {
        "CaptchaType": 9,
        "Ticket": "tr0ticket",
        "UserIp": "203.0.113.9",
        "Randstr": "@abc",
        "CaptchaAppId": 190000001,
        "AppSecretKey": "app-secret",
    }
    assert headers["X-TC-Action"] == "DescribeCaptchaResult" and headers["X-TC-Version"] == "2019-07-22"
    assert headers["X-TC-Timestamp"] == "1000000000" and headers["Content-Type"] == "application/json"
    assert headers["Authorization"].startswith("TC3-HMAC-SHA256 Credential=AKIDEXAMPLEKEYID/2001-09-09/captcha/")


@pytest.mark.parametrize("code", [7, 8, 9, 15, 16, 21, 100, 6, 42])
def test_every_captcha_code_but_one_and_tencents_own_failure_refuses_the_ticket(code):
    assert tencent.verdict(_answer(CaptchaCode=code, CaptchaMsg="no")) is False


def test_code_one_passes_and_tencents_internal_error_is_a_503():
    assert tencent.verdict(_answer(CaptchaCode=1, CaptchaMsg="OK", EvilLevel=0)) is True
    with pytest.raises(ServiceUnavailable):
        tencent.verdict(_answer(CaptchaCode=26, CaptchaMsg="system internal error"))


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        ("AuthFailure.SignatureFailure", BadGateway),
        ("UnauthorizedOperation.Unauthorized", BadGateway),
        ("InternalError", ServiceUnavailable),
        ("RequestLimitExceeded", ServiceUnavailable),
        ("InvalidParameterValue", False),
        ("MissingParameter", False),
    ],
)
def test_a_refused_call_is_ours_tencents_or_the_tickets(error, outcome):
    raw = _answer(Error={"Code": error, "Message": "..."})
    if outcome is False:  # parameters a caller chose: the ticket's fault, never a 5xx
        assert tencent.verdict(raw) is False
    else:
        with pytest.raises(outcome):
            tencent.verdict(raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"<html>502</html>",
        b"",
        b"[]",
        b'{"Response": 1}',
        b'{"Response": {"CaptchaCode": "1"}}',
        b'{"Response": {"CaptchaCode": true}}',
        b'{"Other": {}}',
        b"\xff\xfe",
    ],
)
def test_garbage_answers_are_a_bad_gateway(raw):
    with pytest.raises(BadGateway) as caught:
        tencent.verdict(raw)
    assert (caught.value.status, caught.value.code) == (502, "5020")


class _Redis:
    """The gate's one script, answering a fixed verdict."""

    def __init__(self, verdict: list[int]) -> None:
        self.verdict, self.calls = verdict, 0

    def eval(self, *args: Any) -> list[int]:
        self.calls += 1
        return self.verdict


class _Verifier:
    def __init__(self, passes: bool) -> None:
        self.result, self.asked = passes, 0

    def passes(self, ticket: str, randstr: str, user_ip: str) -> bool:
        self.asked += 1
        return self.result


def _check(settings: CaptchaSettings, ticket: str, verifier: _Verifier, r: Any = None) -> dict[str, Any]:
    redis: Any = r or _Redis([0, 0])  # the gate's one call, faked
    return service.check(ticket, "@rs", "198.51.100.7", None, redis, settings, verifier)


def test_off_passes_every_ticket_without_asking_anyone():
    verifier = _Verifier(False)
    assert _check(CaptchaSettings(), "anything at all", verifier) == {"detail": True}
    assert verifier.asked == 0


def test_tencent_asks_the_provider_and_a_refusal_names_the_ticket():
    settings = CaptchaSettings(captcha_provider="tencent")
    assert _check(settings, "tr0good", _Verifier(True)) == {"detail": True}
    with pytest.raises(InvalidInput) as caught:
        _check(settings, "tr0bad", _Verifier(False))
    assert caught.value.extra["errors"][0]["field"] == "ticket"


@pytest.mark.parametrize("provider", ["off", "tencent"])
def test_disaster_recovery_tickets_pass_only_when_allowed_and_are_never_sent_out(provider):
    verifier, ticket = _Verifier(True), "terror_1001_190000001_1700000000"
    with pytest.raises(InvalidInput):
        _check(CaptchaSettings(captcha_provider=provider), ticket, verifier)
    allowed = CaptchaSettings(captcha_provider=provider, captcha_allow_disaster_tickets=True)
    assert _check(allowed, ticket, verifier) == {"detail": True}
    assert verifier.asked == 0


@pytest.mark.parametrize("verdict", [[1, 42], [2, 17]])
def test_the_limits_stand_whichever_provider(verdict):
    verifier = _Verifier(True)
    with pytest.raises(TooFrequent) as caught:
        _check(CaptchaSettings(), "tr0good", verifier, _Redis(verdict))
    assert caught.value.retry_after == verdict[1] and verifier.asked == 0


@pytest.mark.parametrize(
    ("app_id", "keys"),
    [
        (190000001, ""),
        (190000001, "not json"),
        (190000001, '["SecretId"]'),
        (190000001, '{"SecretId": "id", "SecretKey": "key"}'),
        (190000001, '{"SecretId": "", "SecretKey": "key", "AppSecretKey": "app"}'),
        (0, '{"SecretId": "id", "SecretKey": "key", "AppSecretKey": "app"}'),
    ],
)
def test_missing_or_broken_keys_are_a_503_not_configured(app_id, keys):
    with pytest.raises(ServiceUnavailable):
        load_keys(CaptchaSettings(captcha_provider="tencent", captcha_app_id=app_id, captcha_keys=keys))


def test_keys_are_read_and_kept_out_of_reprs():
    text = '{"SecretId": "AKIDx", "SecretKey": "very-secret", "AppSecretKey": "also-secret"}'
    settings = CaptchaSettings(captcha_provider="tencent", captcha_app_id=1, captcha_keys=text)
    keys = load_keys(settings)
    assert (keys.secret_id, keys.secret_key, keys.app_secret_key) == ("AKIDx", "very-secret", "also-secret")
    assert "very-secret" not in repr(keys) + repr(settings) and "also-secret" not in repr(keys) + repr(settings)
