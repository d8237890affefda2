"""Small accessors on the Chalice request."""

from __future__ import annotations

from chalice.app import Request


def client_ip(request: Request) -> str:
    """The caller's address as API Gateway saw it."""
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")
