"""The whole local stack (`python -m devstack`, what `make run` starts) in a subprocess on a free port."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devstack.captcha_server import LOCAL_APP_ID
from devstack.redis_server import free_port
from devstack.subprocess_stack import child_env, start_child

DEMO_PASSWORD = "demo-password-e2e"


@dataclass
class LocalStack:
    """How a test reaches the running stack."""

    base_url: str
    sms_outbox: Path
    email_outbox: Path
    startup_seconds: float
    front_end_port: int = 0  # the browser test's pages are served here; its origins are allowed by CORS
    captcha_url: str = ""  # the local stand-in of Tencent's captcha, which checks every ticket (CAPTCHA_PROVIDER)
    captcha_app_id: int = LOCAL_APP_ID

    def request(self, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, dict[str, Any]]:
        """One HTTP call; returns (status, JSON body), {} for an empty one."""
        status, answer = self.send(method, path, body, {"Authorization": f"JWT {token}"} if token else {})
        return status, {} if answer is None else answer

    def send(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """One HTTP call with a JSON body and these headers; returns (status, the answer's JSON, None when empty)."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", **(headers or {})}
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def outbox(self, kind: str) -> list[dict[str, Any]]:
        """Messages the notifications consumer has delivered so far."""
        path = self.sms_outbox if kind == "sms" else self.email_outbox
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]

    def captcha_ticket(self) -> dict[str, str]:
        """A solved captcha, as Tencent's script hands it to the page: {ticket, randstr} from the local stand-in."""
        url = f"{self.captcha_url}/ticket?aid={self.captcha_app_id}"
        with urllib.request.urlopen(url, timeout=30) as response:
            solved = json.loads(response.read())
        return {"ticket": str(solved["ticket"]), "randstr": str(solved["randstr"])}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """Start `python -m devstack` like `make run`, wait for /health/, stop it with SIGINT afterwards."""
    tmp = tmp_path_factory.mktemp("stack")
    port = free_port()
    outboxes = {"SMS_OUTBOX": str(tmp / "sms.jsonl"), "EMAIL_OUTBOX": str(tmp / "email.jsonl")}
    # The default front-end origins, and the browser test's as the same site (127.0.0.1) and another (localhost).
    front_end_port = free_port()
    origins = ",".join(f"http://{host}:{p}" for p in (8080, front_end_port) for host in ("127.0.0.1", "localhost"))
    # QQ and Alipay send the browser back to the meiduo pages (tests/e2e/meiduo_pages), as a deployment of them does.
    pages = f"http://127.0.0.1:{front_end_port}"
    returns = {"QQ_REDIRECT_URI": f"{pages}/oauth_callback.html"}
    returns["ALIPAY_ORDER_RETURN_URL"] = f"{pages}/pay_success.html"
    # ... and the renran-style SPA (tests/e2e/renran_pages, hash routes): QQ to a page that hands code and state to
    # its callback route (a redirect_uri holds no fragment), the reset mail's link to its reset route.
    returns["QQ_RENRAN_REDIRECT_URI"] = f"{pages}/qq_callback.html"
    returns["PASSWORD_RESET_URL"] = f"{pages}/#/password/reset"
    # Tickets checked as in AWS (CAPTCHA_PROVIDER=tencent), by the stack's stand-in of Tencent's API; its GET /ticket
    # solves the captcha for a page or a replay.
    captcha_port = free_port()
    captcha = {"CAPTCHA_PROVIDER": "tencent", "CAPTCHA_ENDPOINT": "", "CAPTCHA_PORT": str(captcha_port)}
    captcha["CAPTCHA_APP_ID"] = str(LOCAL_APP_ID)
    overrides = {"DEMO_PASSWORD": DEMO_PASSWORD, "CORS_ALLOW_ORIGINS": origins, **outboxes, **returns, **captcha}
    child = start_child(port, child_env(port, overrides), tmp / "stack.log")
    sms, email, seconds = tmp / "sms.jsonl", tmp / "email.jsonl", child.startup_seconds
    yield LocalStack(child.base_url, sms, email, seconds, front_end_port, f"http://127.0.0.1:{captcha_port}")
    assert child.stop() == 0, "Ctrl-C should stop the stack cleanly"
