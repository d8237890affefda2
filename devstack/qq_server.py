"""A local stand-in for QQ Connect's authorization server, over real HTTP in QQ's wire format.

`GET /oauth2.0/authorize` shows a page where a tester picks or types an identity; approving redirects to the
redirect_uri with `code` and `state`, declining with `error=access_denied`. `GET /oauth2.0/token` exchanges a code
(single use, expiring, bound to its client and redirect_uri, client_secret checked) for an access token, and
`GET /oauth2.0/me` names the token's openid: a hash of identity and client id, so the same identity always
gets the same openid. The clients, codes and tokens behind these answers are qq_authority.py's.
"""

from __future__ import annotations

import html
import json
import logging
import re
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode

from devstack.loopback_http import LoopbackHandler, LoopbackHTTPServer, ServingThread, chosen_port, with_query
from devstack.qq_authority import Authority, QQError, openid_for
from devstack.redis_server import HOST

DEFAULT_QQ_PORT = 8010
LOCAL_CLIENT_ID = "local-shop"  # the app's default QQ_CLIENT_ID (chalicelib/oauth/settings.py)
TOKEN_TTL_SECONDS = 7_776_000  # the expires_in QQ answers: 90 days
_IDENTITY = re.compile(r"^[\w.@+-]{1,64}$")
DEMO_IDENTITIES = ("alice", "bob", "carol")


class QQServerStartError(RuntimeError):
    """The local authorization server could not listen on its port."""


def jsonp(payload: Mapping[str, object]) -> str:
    """QQ's JSONP wrapping: `callback( {...} );`."""
    return f"callback( {json.dumps(payload, separators=(',', ':'), ensure_ascii=False)} );\n"


def _error_page(error: QQError) -> str:
    return (
        f"<!doctype html><title>QQ login error</title><h1>Error {error.number}</h1><p>{html.escape(error.description)}"
    )


def _authorize_page(params: Mapping[str, str]) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(params.get(name, ""))}">'
        for name in ("client_id", "redirect_uri", "state")
    )
    choices = "".join(
        f'<p><label><input type="radio" name="identity" value="{who}"{" checked" * (i == 0)}> {who}'
        f" <small>(openid {openid_for(who, params.get('client_id', ''))})</small></label>"
        for i, who in enumerate(DEMO_IDENTITIES)
    )
    return (
        "<!doctype html><meta charset=utf-8><title>QQ login (local)</title>"
        f"<h1>Log in to {html.escape(params.get('client_id', ''))} with QQ</h1>"
        f'<form method="post" action="/oauth2.0/authorize">{hidden}{choices}'
        '<p><label>or another identity: <input name="custom_identity" maxlength="64"></label>'
        '<p><button name="decision" value="approve">Approve</button> '
        '<button name="decision" value="decline">Decline</button></form>'
    )


class _Handler(LoopbackHandler):
    server: _Server

    log = logging.getLogger("devstack.qq")

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        params, authority = self.params(query), self.server.authority
        try:
            if path == "/oauth2.0/authorize":
                if params.get("response_type") != "code":
                    raise QQError(100000, "param response_type is wrong or lost")
                authority.check_client(params.get("client_id", ""), params.get("redirect_uri", ""))
                self.send_text(200, _authorize_page(params), "text/html")
            elif path == "/oauth2.0/token":
                answer = {"access_token": authority.redeem(params), "expires_in": TOKEN_TTL_SECONDS}
                self.send_text(200, urlencode({**answer, "refresh_token": secrets.token_hex(16).upper()}), "text/plain")
            elif path == "/oauth2.0/me":
                client_id, openid = authority.whois(params.get("access_token", ""))
                self.send_text(200, jsonp({"client_id": client_id, "openid": openid}), "text/plain")
            else:
                self.send_text(404, "not found", "text/plain")
        except QQError as exc:
            page = path == "/oauth2.0/authorize"  # a browser there reads a page; a server elsewhere reads JSONP
            body = _error_page(exc) if page else jsonp({"error": exc.number, "error_description": exc.description})
            self.send_text(400 if page else 200, body, "text/html" if page else "text/plain")

    def do_POST(self) -> None:
        form = self.form()
        if self.path.partition("?")[0] != "/oauth2.0/authorize":
            self.send_text(404, "not found", "text/plain")
            return
        client_id, redirect_uri = form.get("client_id", ""), form.get("redirect_uri", "")
        identity = (form.get("custom_identity") or form.get("identity") or "").strip()
        try:
            self.server.authority.check_client(client_id, redirect_uri)
            if form.get("decision") != "approve":
                reply = {"error": "access_denied", "error_description": "the user declined"}
            elif not _IDENTITY.match(identity):
                raise QQError(100029, "pick an identity or type one (letters, digits, . @ + - _)")
            else:
                reply = {"code": self.server.authority.issue_code(client_id, redirect_uri, identity)}
        except QQError as exc:
            self.send_text(400, _error_page(exc), "text/html")
            return
        location = with_query(redirect_uri, {**reply, "state": form.get("state", "")})
        self.send_text(302, "", "text/plain", location=location)


class _Server(LoopbackHTTPServer):
    def __init__(self, port: int, authority: Authority) -> None:
        super().__init__(port, _Handler)
        self.authority = authority


class QQServer(ServingThread):
    """The running server: `url` is what QQ_BASE_URL points at; stop() ends it."""

    def __init__(self, port: int, authority: Authority) -> None:
        try:
            server = _Server(port, authority)
        except OSError as exc:
            raise QQServerStartError(
                f"the local QQ server cannot listen on {HOST}:{port} ({exc}); set QQ_PORT"
            ) from exc
        super().__init__(server, "qq-server")
        self.authority = authority


def start_for_stack(given: Mapping[str, str], api_url: str) -> tuple[QQServer | None, dict[str, str]]:
    """The local server and the QQ_* settings pointing the app at it; no server when QQ_BASE_URL names a QQ."""
    if given.get("QQ_BASE_URL"):
        return None, {"QQ_BASE_URL": given["QQ_BASE_URL"]}
    port = chosen_port(given, "QQ_PORT", DEFAULT_QQ_PORT)
    client_id = given.get("QQ_CLIENT_ID") or LOCAL_CLIENT_ID
    secret = given.get("QQ_CLIENT_SECRET") or secrets.token_urlsafe(24)
    # Without a front-end, QQ sends the browser straight to the API's callback, which answers the JSON.
    callback = given.get("QQ_REDIRECT_URI") or f"{api_url}/oauth_callback/"
    server = QQServer(port, Authority({client_id: secret}, callbacks={client_id: callback}))
    env = {"QQ_BASE_URL": server.url, "QQ_PORT": str(server.port), "QQ_CLIENT_ID": client_id}
    env |= {"QQ_CLIENT_SECRET": secret, "QQ_REDIRECT_URI": callback}
    return server, env
