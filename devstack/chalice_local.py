"""`chalice local` as a child process: start it, wait for GET /health/, stop it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

READY_TIMEOUT_SECONDS = 60.0


class ChaliceLocalError(RuntimeError):
    """chalice local exited or did not become ready."""


class ChaliceLocal:
    """A running `chalice local --no-autoreload` serving the project on 127.0.0.1:port."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log_path: Path | None) -> None:
        self.process = process
        self.port = port
        self.log_path = log_path
        self.base_url = f"http://127.0.0.1:{port}"

    def is_running(self) -> bool:
        """True while the process is alive."""
        return self.process.poll() is None

    def output(self) -> str:
        """The tail of its log (empty when its output goes to the terminal)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")[-4000:]

    def wait_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> None:
        """Wait until GET /health/ answers 200; raise ChaliceLocalError if it exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_running():
                raise ChaliceLocalError(f"chalice local exited with {self.process.returncode}\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/health/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass  # not listening yet, or /health/ answered 503 while a backend warms up
            time.sleep(0.2)
        raise ChaliceLocalError(f"GET {self.base_url}/health/ gave no 200 within {timeout:.0f} s\n{self.output()}")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        if self.is_running():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_chalice_local(
    project_dir: Path, port: int, env: Mapping[str, str], log_path: Path | None, stage: str = "dev"
) -> ChaliceLocal:
    """Start chalice's local server (devstack.local_api) in project_dir; output to log_path, or our terminal if None."""
    out: IO[bytes] | None = None
    if log_path is not None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        out = log_path.open("wb")
    command = [sys.executable, "-m", "devstack.local_api", "--port", str(port), "--stage", stage]
    # devstack is importable from wherever the app lives (the tests serve apps of their own from other folders).
    path = os.pathsep.join(p for p in (str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH")) if p)
    try:
        # Own session: a Ctrl-C in the terminal reaches only us, and we stop chalice in order.
        process = subprocess.Popen(
            command,
            cwd=project_dir,
            env={**env, "PYTHONUNBUFFERED": "1", "PYTHONPATH": path},
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        if out is not None:
            out.close()
    return ChaliceLocal(process, port, log_path)
