"""`python -m devstack` in a child process, as `make run` starts it: for end-to-end tests and the HTTP benchmark.

One place that builds its environment, waits for GET /health/ and stops it with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

START_TIMEOUT_SECONDS = 120
ROOT = Path(__file__).resolve().parent.parent
# What the calling process points at its own services; the child starts its own unless told otherwise.
OWN_SERVICES = (
    "AWS_ENDPOINT_URL",
    "MEDIA_BASE_URL",  # the bucket on this process's endpoint; the child serves its own
    "REDIS_URL",
    "SEARCH_URL",  # the child starts its own osmem-server too
    "SMS_OUTBOX",
    "EMAIL_OUTBOX",
    "JWT_SECRET",
    "SMS_IP_LIMIT_PER_HOUR",
    "ALIPAY_APP_PRIVATE_KEY",  # the child's Alipay sandbox makes its own keys
    "ALIPAY_PUBLIC_KEY",
    "DEVSTACK_STATE_DIR",  # a child keeps its state beside its log unless the caller names a directory
)


class StackStartError(RuntimeError):
    """The child exited or never answered /health/ with 200."""


@dataclass
class ChildStack:
    """A running `python -m devstack`."""

    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    startup_seconds: float

    def stop(self, timeout: float = 30) -> int:
        """Ctrl-C, then a kill if it lingers; the exit code of the clean stop (or -9)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return int(self.process.returncode)


def child_env(port: int, overrides: Mapping[str, str], keep: tuple[str, ...] = ()) -> dict[str, str]:
    """This process's environment without its own services (but those in `keep`), plus PORT and `overrides`."""
    drop = set(OWN_SERVICES) - set(keep)
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("POWERTOOLS_")}
    return {**env, "PORT": str(port), "PYTHONUNBUFFERED": "1", **overrides}


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health/", timeout=2) as response:  # noqa: S310  (loopback)
            return bool(response.status == 200)
    except OSError:
        return False


def start_child(port: int, env: Mapping[str, str], log_path: Path) -> ChildStack:
    """Start `python -m devstack` on `port` with `env`, output to `log_path`; wait until /health/ answers 200.

    Unless `env` says otherwise, its state is kept beside the log (`<log>.state/`: a new log path, a fresh state;
    the same one, the state of the last run) and it does not reload on edits to the work tree.
    """
    started = time.monotonic()
    env = {"DEVSTACK_STATE_DIR": str(log_path.with_suffix(".state")), "DEVSTACK_RELOAD": "0", **env}
    log: IO[bytes] = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack"], cwd=ROOT, env=dict(env), stdout=log, stderr=subprocess.STDOUT
    )
    log.close()  # the child holds its own descriptor
    url = f"http://127.0.0.1:{port}"
    while time.monotonic() - started < START_TIMEOUT_SECONDS:
        if process.poll() is not None:
            raise StackStartError(f"the stack exited with {process.returncode}\n{_tail(log_path)}")
        if _healthy(url):
            return ChildStack(process, url, log_path, time.monotonic() - started)
        time.sleep(0.2)
    process.kill()
    raise StackStartError(f"the stack did not become healthy in {START_TIMEOUT_SECONDS} s\n{_tail(log_path)}")


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-4000:] if path.exists() else ""
