"""The base of the API's own links: PUBLIC_URL, else the stack's custom domain, else the URL the request came in by.

A stack deployed without PublicUrl cannot tell its functions the API's URL (the REST API depends on the functions),
so each request's base is read from API Gateway's request context while the request is handled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any

from chalicelib.core.settings import EnvSettings, Settings, get_settings
from chalicelib.core.stage import deployed

# What Settings reads when PUBLIC_URL is unset or empty (a stack's empty PublicUrl): then the request tells.
LOCAL_PUBLIC_URL: str = Settings.model_fields["public_url"].default
_request_base: ContextVar[str | None] = ContextVar("request_base", default=None)


class LinkSettings(EnvSettings):
    """The stack's custom domain (CUSTOM_DOMAIN, its DomainName parameter), mapped to the API's stage at its root."""

    custom_domain: str = ""


def from_request(context: Mapping[str, Any], headers: Mapping[str, str]) -> str | None:
    """The URL the API was called at: API Gateway's domainName (and stage on execute-api), or chalice local's Host."""
    domain = context.get("domainName")
    if domain:
        stage = context.get("stage")
        # execute-api's own host serves the API under its stage path; a custom domain maps the stage at its root.
        if stage and str(domain).endswith(".amazonaws.com"):
            return f"https://{domain}/{stage}"
        return f"https://{domain}"
    if deployed():
        return None
    # chalice local's context has no domainName. The Host header is the caller's to choose, so it is never trusted
    # in AWS (a reset mail linking to a host of the attacker's choice); locally the caller is the developer.
    host = headers.get("host")
    return f"http://{host}" if host else None


def public_base(settings: Settings | None = None) -> str:
    """The base of absolute links, without a trailing slash."""
    settings = settings or get_settings()
    configured = settings.public_url.rstrip("/")
    if settings.public_url != LOCAL_PUBLIC_URL:  # set (the default never is in AWS, nor in devstack but by chance)
        return configured
    domain = settings.section(LinkSettings).custom_domain
    if domain:
        return f"https://{domain}"
    return _request_base.get() or configured


def remember_request(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice http middleware: the links built while `event` is handled start with the URL it came in by."""
    token = _request_base.set(from_request(event.context or {}, event.headers or {}))
    try:
        return get_response(event)
    finally:
        _request_base.reset(token)
