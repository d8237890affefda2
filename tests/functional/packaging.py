"""`make package` once per test session, shared by the template, function and deploy-rehearsal tests."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
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


def fresh(*args: str, env: dict[str, str] | None = None) -> Any:
    """JSON printed by `python <args>` in a fresh interpreter (this session's environment unless `env`).

    Chalice consumes a blueprint's route options when an app registers it, so a function module and app.py (which
    the test session imports) never share a process; Lambda imports one function module per process too.
    """
    command = [sys.executable, *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@functools.cache
def catalog() -> list[dict[str, Any]]:
    """Every function module as infra/catalog.py finds it: module, config name, resource, routes, declared routes."""
    found: list[dict[str, Any]] = fresh("-m", "infra.catalog")
    return found
