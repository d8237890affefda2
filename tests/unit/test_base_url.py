"""Links start with PUBLIC_URL, else the custom domain, else the URL the request came in by (API Gateway's or local)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from chalicelib.core import base_url
from chalicelib.core.links import absolute_url
from chalicelib.core.settings import get_settings
from chalicelib.oauth.settings import QQSettings
from chalicelib.payments.settings import AlipaySettings
from chalicelib.users.reset import page_url

# A request context as API Gateway gives a deployed REST API (the parts read here).
DEPLOYED = {"domainName": "abc123.execute-api.eu-west-2.amazonaws.com", "stage": "api", "path": "/api/orders/"}
CUSTOM = {"domainName": "shop.example.com", "stage": "api", "path": "/orders/"}
# chalice local's: no domainName, no stage.
LOCAL = {"httpMethod": "GET", "resourcePath": "/orders/", "path": "/orders/", "identity": {"sourceIp": "127.0.0.1"}}


@pytest.fixture
def unset(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """PUBLIC_URL and CUSTOM_DOMAIN unset or empty, as a stack with empty PublicUrl and DomainName gives them."""
    monkeypatch.setenv("PUBLIC_URL", "")
    monkeypatch.delenv("CUSTOM_DOMAIN", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _deployed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "shop-APIHandler-x")
    monkeypatch.setenv("JWT_SECRET_ARN", "arn:aws:secretsmanager:eu-west-2:123456789012:secret:jwt")


def _during(context: dict[str, Any], headers: dict[str, str], build: Any) -> Any:
    """What `build()` returns while the middleware handles a request of this context and headers."""
    event = SimpleNamespace(context=context, headers=headers)
    return base_url.remember_request(event, lambda _: build())


def test_a_deployed_request_gives_the_execute_api_url_with_its_stage(unset, monkeypatch):
    _deployed(monkeypatch)
    base = "https://abc123.execute-api.eu-west-2.amazonaws.com/api"
    assert _during(DEPLOYED, {"host": "evil.example"}, lambda: absolute_url("/orders/")) == f"{base}/orders/"


def test_every_builder_uses_the_request_url_when_public_url_is_empty(unset, monkeypatch):
    """E-mail verification (built in the request), password reset, Alipay's notify/return, QQ's redirect."""
    _deployed(monkeypatch)
    base = "https://abc123.execute-api.eu-west-2.amazonaws.com/api"
    built = _during(
        DEPLOYED,
        {},
        lambda: [
            page_url(get_settings()),
            AlipaySettings().notify_url(),
            AlipaySettings().order_return_url(),
            QQSettings().redirect_uri(),
        ],
    )
    assert built == [
        f"{base}/reset_password",
        f"{base}/payments/alipay/notify/",
        f"{base}/payment/status/",
        f"{base}/oauth_callback/",
    ]


def test_a_request_through_a_custom_domain_has_no_stage_path(unset, monkeypatch):
    _deployed(monkeypatch)
    assert _during(CUSTOM, {}, lambda: absolute_url("/x")) == "https://shop.example.com/x"


def test_chalice_local_gives_its_host(unset):
    assert _during(LOCAL, {"host": "localhost:8123"}, lambda: absolute_url("/x")) == "http://localhost:8123/x"


def test_a_deployed_function_never_trusts_the_host_header(unset, monkeypatch):
    """Without API Gateway's domainName a deployed function falls back, never to the caller's Host."""
    _deployed(monkeypatch)
    assert "evil" not in _during(LOCAL, {"host": "evil.example"}, lambda: absolute_url("/x"))


def test_public_url_when_set_wins_over_the_request(monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", "https://www.example.com/")
    get_settings.cache_clear()
    try:
        assert _during(DEPLOYED, {}, lambda: absolute_url("/x")) == "https://www.example.com/x"
    finally:
        get_settings.cache_clear()


def test_the_custom_domain_is_the_base_when_public_url_is_empty(unset, monkeypatch):
    """Links name the custom domain even for a request that came in by execute-api's own URL."""
    _deployed(monkeypatch)
    monkeypatch.setenv("CUSTOM_DOMAIN", "api.shop.example.com")
    assert _during(DEPLOYED, {}, lambda: AlipaySettings().notify_url()) == (
        "https://api.shop.example.com/payments/alipay/notify/"
    )


def test_the_request_url_is_forgotten_after_the_request(unset):
    _during(LOCAL, {"host": "localhost:8123"}, lambda: None)
    assert absolute_url("/x") == f"{base_url.LOCAL_PUBLIC_URL}/x"


def test_cookies_and_the_own_origin_follow_the_request_url_when_public_url_is_empty(unset, monkeypatch):
    """On https: session cookies Secure, the cart cookie SameSite=None; the API's own pages are a trusted origin."""
    from chalicelib.cart.identity import cookie_header
    from chalicelib.core.cors import trusted_origin
    from chalicelib.core.sessions import cookies

    _deployed(monkeypatch)
    own: Any = SimpleNamespace(headers={"origin": "https://abc123.execute-api.eu-west-2.amazonaws.com"})
    other: Any = SimpleNamespace(headers={"origin": "https://evil.example"})
    session, cart, trusted, foreign = _during(
        DEPLOYED,
        {},
        lambda: (cookies("sid", "u", 60, False)[0], cookie_header("c"), trusted_origin(own), trusted_origin(other)),
    )
    assert "; Secure" in session and "SameSite=None; Secure" in cart
    assert (trusted, foreign) == (True, False)
