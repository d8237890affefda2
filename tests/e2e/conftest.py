"""The whole local stack (`python -m devstack`, what `make run` starts) in a subprocess on a free port."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devstack.redis_server import free_port
from tests.conftest import ROOT

DEMO_PASSWORD = "demo-password-e2e"
START_TIMEOUT_SECONDS = 120


@dataclass
class LocalStack:
    """How a test reaches the running stack."""

    base_url: str
    sms_outbox: Path
    email_outbox: Path
    startup_seconds: float

    def request(self, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, dict[str, Any]]:
        """One HTTP call; returns (status, JSON body)."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"JWT {token}"
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def outbox(self, kind: str) -> list[dict[str, Any]]:
        """Messages the notifications consumer has delivered so far."""
        path = self.sms_outbox if kind == "sms" else self.email_outbox
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _clean_env(port: int, tmp: Path) -> dict[str, str]:
    # The test session points AWS and Redis at its own servers; the stack must start its own, as `make run` does.
    skip = {"AWS_ENDPOINT_URL", "REDIS_URL", "SMS_OUTBOX", "EMAIL_OUTBOX", "JWT_SECRET", "SMS_IP_LIMIT_PER_HOUR"}
    env = {k: v for k, v in os.environ.items() if k not in skip and not k.startswith("POWERTOOLS_")}
    env.update(
        PORT=str(port),
        DEMO_PASSWORD=DEMO_PASSWORD,
        SMS_OUTBOX=str(tmp / "sms.jsonl"),
        EMAIL_OUTBOX=str(tmp / "email.jsonl"),
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the stack exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError("the stack did not become healthy in time")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """Start `python -m devstack` like `make run`, wait for /health/, stop it with SIGINT afterwards."""
    tmp = tmp_path_factory.mktemp("stack")
    port = free_port()
    log = (tmp / "stack.log").open("wb")
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack"], cwd=ROOT, env=_clean_env(port, tmp), stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", process)
    except RuntimeError:
        process.kill()
        log.close()
        raise RuntimeError((tmp / "stack.log").read_text(errors="replace")[-4000:]) from None
    yield LocalStack(f"http://127.0.0.1:{port}", tmp / "sms.jsonl", tmp / "email.jsonl", time.monotonic() - started)
    process.send_signal(signal.SIGINT)
    try:
        assert process.wait(timeout=30) == 0, "Ctrl-C should stop the stack cleanly"
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
