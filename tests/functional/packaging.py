"""`make package` once per test session, shared by the template, function and deploy-rehearsal tests."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
WHEELHOUSE = ROOT / ".wheelhouse"
WHEELS_DONE = WHEELHOUSE / ".complete-cp313-aarch64"
REGION = "us-east-1"


def packaging_env() -> dict[str, str]:
    """A clean environment: nothing of the test session (AWS_* pointing at moto, queue names) leaks into the package."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "PYENV_ROOT")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        AWS_DEFAULT_REGION=REGION,
        AWS_ACCESS_KEY_ID="packaging",
        AWS_SECRET_ACCESS_KEY="packaging",
        AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(WHEELHOUSE),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


@functools.cache
def package_dir() -> Path:
    """build output of `make package STAGE=dev` (sam.json, deployment.zip) in a temporary directory, made once."""
    if not WHEELS_DONE.exists():
        pytest.fail(f"{WHEELS_DONE} is missing: run `make {WHEELS_DONE.relative_to(ROOT)}` (or `make test`) once")
    out = Path(tempfile.mkdtemp(prefix="shop-package-")) / "out"
    command = ["make", "--no-print-directory", "package", f"PACKAGE_DIR={out}", "STAGE=dev"]
    result = subprocess.run(command, cwd=ROOT, env=packaging_env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"make package failed:\n{result.stdout}\n{result.stderr}"
    return out


def packaged_template() -> dict[str, Any]:
    """The packaged SAM template (a fresh copy each call: tests may change theirs)."""
    template: dict[str, Any] = json.loads((package_dir() / "sam.json").read_text())
    return template
