"""The docs page's HTML and headers: assets addressed under the prefix the browser sees, a strict CSP."""

from __future__ import annotations

import html
from typing import Any

from chalice import Response
from chalice.app import Request

# Everything the page loads comes from this API; Swagger UI's icons are data: URIs in its CSS.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
ASSET_CACHE = "public, max-age=3600"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>shop API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{base}/docs/swagger-ui.css">
<link rel="stylesheet" href="{base}/docs/docs.css">
</head>
<body>
<header class="shop-docs">
<h1>shop API</h1>
<p>Log in with <code>POST /authorizations/</code>, then <b>Authorize</b> with the token it returns.
An anonymous cart's id is kept below and sent as <code>X-Cart-Id</code> with every call;
an operation's own <code>X-Cart-Id</code> field, when filled, wins for that call.</p>
<label>X-Cart-Id <input id="x-cart-id" name="x-cart-id" size="72" autocomplete="off"
 placeholder="filled from the last answer that named a cart"></label>
</header>
<div id="swagger-ui"></div>
<script src="{base}/docs/swagger-ui-bundle.js"></script>
<script src="{base}/docs/docs.js"></script>
</body>
</html>
"""


def base_path(request: Request, route_path: str) -> str:
    """The path before this route's own as the browser sees it: API Gateway's stage (`/api`), empty locally."""
    context: Any = request.context or {}
    # One leading slash: "//host/docs/" would make the files' URLs protocol-relative, naming another host.
    seen = ("/" + str(context.get("path") or "/").strip("/")).rstrip("/")
    own = route_path.rstrip("/")
    return seen[: len(seen) - len(own)] if own and seen.endswith(own) else seen


def page(request: Request, route_path: str) -> Response:
    """The docs page served at `route_path`, its assets and the API addressed from where the browser stands."""
    body = _PAGE.format(base=html.escape(base_path(request, route_path), quote=True))
    return Response(body=body, status_code=200, headers=dict(PAGE_HEADERS))
