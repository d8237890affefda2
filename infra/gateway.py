"""What the packaged swagger lacks: the `proxy` path parameter and API Gateway's own errors in the API's envelope.

API Gateway answers some requests before any function runs (throttled, body too large, a function that failed or
timed out). Those answers get the `{"code", "errmsg"}` envelope and CORS headers, so a browser can read them.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.edges import UNKNOWN_PATH

# Gateway response type -> the envelope's code (chalicelib/core/errors.py's codes for the same situations).
GATEWAY_CODES = {
    "DEFAULT_4XX": "4003",
    "THROTTLED": "4002",
    "QUOTA_EXCEEDED": "4002",
    "REQUEST_TOO_LARGE": "4003",
    "DEFAULT_5XX": "5000",
    "INTEGRATION_FAILURE": "5030",
    "INTEGRATION_TIMEOUT": "5030",
}
CORS_HEADERS = {
    # API Gateway cannot check the origin against CORS_ALLOW_ORIGINS: these bodies carry no data, so echo it.
    "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.origin",
    "gatewayresponse.header.Vary": "'Origin'",
}
PROXY_PARAMETER = {"name": "proxy", "in": "path", "required": True, "type": "string"}


def gateway_responses() -> dict[str, Any]:
    """x-amazon-apigateway-gateway-responses: the envelope with API Gateway's message as errmsg."""
    return {
        kind: {
            "responseParameters": dict(CORS_HEADERS),
            "responseTemplates": {
                "application/json": f'{{"code": "{code}", "errmsg": $context.error.messageString}}',
            },
        }
        for kind, code in GATEWAY_CODES.items()
    }


def complete_swagger(body: dict[str, Any]) -> None:
    """Declare `{proxy+}`'s path parameter (Chalice's generator leaves it out) and add the gateway responses."""
    for operation in body["paths"].get(UNKNOWN_PATH, {}).values():
        parameters = operation.setdefault("parameters", [])
        if not any(p.get("name") == "proxy" for p in parameters):
            parameters.append(dict(PROXY_PARAMETER))
    body["x-amazon-apigateway-gateway-responses"] = gateway_responses()
