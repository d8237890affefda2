"""The local Alipay sandbox over HTTP (see alipay_sandbox.py), and the settings that point the app at it."""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Mapping

from devstack import alipay_keys
from devstack.alipay_sandbox import Gateway, GatewayError, Trade
from devstack.loopback_http import LoopbackHandler, LoopbackHTTPServer, ServingThread, chosen_port, with_query
from devstack.redis_server import HOST

DEFAULT_ALIPAY_PORT = 8020
LOCAL_APP_ID = "2021000000000000"  # the app's default ALIPAY_APP_ID (chalicelib/payments/settings.py)


class AlipayServerStartError(RuntimeError):
    """The sandbox could not listen on its port."""


def _page(title: str, body: str, status: int = 200) -> tuple[int, str]:
    return status, f"<!doctype html><meta charset=utf-8><title>{html.escape(title)}</title>{body}"


def pay_page(ticket: str, trade: Trade) -> tuple[int, str]:
    """The cashier page: what is paid, to whom, and the payer's two choices."""
    return _page(
        "Alipay sandbox",
        f"<h1>Alipay sandbox (local)</h1><p>{html.escape(trade.subject)}"
        f"<p>Amount: <strong>¥{html.escape(trade.total_amount)}</strong> (out_trade_no "
        f"{html.escape(trade.out_trade_no)}, app {html.escape(trade.app_id)})"
        f'<form method="post" action="/gateway.do/pay"><input type="hidden" name="ticket" value="{ticket}">'
        '<button name="decision" value="confirm">Confirm payment</button> '
        '<button name="decision" value="decline">Decline</button></form>',
    )


class _Handler(LoopbackHandler):
    server: _Server

    log = logging.getLogger("devstack.alipay")

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        params = self.params(query)
        gateway = self.server.gateway
        if path == "/gateway.do":
            try:
                self.send_text(*pay_page(*gateway.open(params)))
            except GatewayError as exc:
                self.send_text(*_page("Alipay error", f"<h1>Error</h1><p>{html.escape(str(exc))}", 400))
        elif path.rstrip("/") == "/sandbox/notifications":
            sent = gateway.notifications(params.get("out_trade_no", ""))
            self.send_text(200, json.dumps(sent, ensure_ascii=False), "application/json")
        else:
            self.send_text(404, "not found", "text/plain")

    def do_POST(self) -> None:
        form = self.form()
        if self.path.partition("?")[0] != "/gateway.do/pay":
            self.send_text(404, "not found", "text/plain")
            return
        gateway = self.server.gateway
        if form.get("decision") != "confirm":
            gateway.tickets.pop(form.get("ticket", ""), None)
            self.send_text(*_page("Alipay sandbox", "<h1>Payment cancelled</h1><p>Nothing was paid."))
            return
        try:
            trade = gateway.pay(form.get("ticket", ""))
        except GatewayError as exc:
            self.send_text(*_page("Alipay error", f"<h1>Error</h1><p>{html.escape(str(exc))}", 400))
            return
        # Alipay notifies asynchronously; the first delivery goes before the redirect so a local run is predictable.
        gateway.notify(trade)
        location = with_query(trade.return_url, gateway.return_query(trade))
        self.send_text(302, "", "text/plain", location=location)


class _Server(LoopbackHTTPServer):
    def __init__(self, port: int, gateway: Gateway) -> None:
        super().__init__(port, _Handler)
        self.gateway = gateway


class AlipayServer(ServingThread):
    """The running sandbox: `gateway_url` is what ALIPAY_GATEWAY points at; stop() ends it."""

    def __init__(self, port: int, gateway: Gateway) -> None:
        try:
            server = _Server(port, gateway)
        except OSError as exc:
            raise AlipayServerStartError(f"the Alipay sandbox cannot listen on {HOST}:{port} ({exc})") from exc
        super().__init__(server, "alipay")
        self.gateway = gateway
        self.gateway_url = f"{self.url}/gateway.do"


def start_for_stack(given: Mapping[str, str], api_url: str) -> tuple[AlipayServer | None, dict[str, str]]:
    """The sandbox and the ALIPAY_* settings pointing the app at it; none when ALIPAY_GATEWAY names a gateway."""
    if given.get("ALIPAY_GATEWAY"):
        return None, {}
    port = chosen_port(given, "ALIPAY_PORT", DEFAULT_ALIPAY_PORT)
    app_id = given.get("ALIPAY_APP_ID") or LOCAL_APP_ID
    # Keys are made per run unless given: ALIPAY_SANDBOX_PRIVATE_KEY is the sandbox's own (Alipay's side).
    app_key = given.get("ALIPAY_APP_PRIVATE_KEY") or alipay_keys.new_private_key()
    gateway_key = given.get("ALIPAY_SANDBOX_PRIVATE_KEY") or alipay_keys.new_private_key()
    server = AlipayServer(port, Gateway({app_id: alipay_keys.public_key_of(app_key)}, gateway_key))
    env = {
        "ALIPAY_GATEWAY": server.gateway_url,
        "ALIPAY_PORT": str(server.port),
        "ALIPAY_APP_ID": app_id,
        "ALIPAY_APP_PRIVATE_KEY": app_key,
        "ALIPAY_PUBLIC_KEY": alipay_keys.public_key_of(gateway_key),
        "ALIPAY_NOTIFY_URL": given.get("ALIPAY_NOTIFY_URL") or f"{api_url}/payments/alipay/notify/",
        # Without front-ends, the browser comes back to the API's own return routes, which answer JSON.
        "ALIPAY_ORDER_RETURN_URL": given.get("ALIPAY_ORDER_RETURN_URL") or f"{api_url}/payment/status/",
        "ALIPAY_REWARD_RETURN_URL": given.get("ALIPAY_REWARD_RETURN_URL") or f"{api_url}/payments/alipay/result/",
    }
    return server, env
