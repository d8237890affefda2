"""Serverless cost: cold import time and peak RSS of every packaged function, beside a Chalice hello-world.

Each figure comes from fresh interpreters of the Lambda runtime's Python (the 3.13 packaging venv) that see only
the unzipped deployment package and the libraries the runtime ships (boto3, botocore and their dependencies), with
bytecode writing off as on Lambda's read-only /var/task. The zip is built for arm64: its native extensions are
swapped for this machine's builds of the same pinned versions (bench/native.py), everything else runs as shipped.
`make cost` runs `make package` first. Usage: python -m bench.serverless_cost [--runs 5] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from bench.functions_table import declared_routes, describe, markdown, read_catalog
from bench.native import LAMBDA_PYTHON, host_overlay, runtime_dir

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "build" / "package"
MIB = 1024 * 1024
# Issue 10's targets: slim API functions within 3x the hello-world's cold import, the rest within 4x; 128 MB; 12 MB.
SLIM = {"VisitsApi", "CartApi", "CheckoutApi", "FollowApi", "TimelineApi"}
SLIM_RATIO, OTHER_RATIO, RSS_LIMIT_MB, ZIP_LIMIT_MB = 3.0, 4.0, 128, 12
LIBRARIES = ("chalice", "pydantic", "pynamodb.models", "aws_lambda_powertools")
# The probe's figures are on a line of their own that starts with this mark, as bench/snapstart_probe.py prints
# them: what the import itself prints (Powertools logs to stdout) may end without a newline or come after.
MARK = "COLD_IMPORT "
# Peak RSS from VmHWM, this process's own high-water mark: getrusage's ru_maxrss survives exec on Linux, so it
# would report the (forked) parent's size when that was larger.
_PROBE = (
    "import importlib, sys, time\n"
    "start = time.perf_counter()\n"
    "importlib.import_module(sys.argv[1])\n"
    "elapsed = (time.perf_counter() - start) * 1000\n"
    "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
    f"print('\\n{MARK}' + str(elapsed), status.split()[0], flush=True)\n"
)


def probe_figures(stdout: str) -> tuple[float, int] | None:
    """The import time (ms) and peak RSS (KiB) from the probe's marked line, or None when it printed none."""
    lines = [line for line in stdout.splitlines() if line.startswith(MARK)]
    if not lines:
        return None
    elapsed, rss_kib = lines[-1].removeprefix(MARK).split()
    return float(elapsed), int(rss_kib)


def lambda_env(function: str) -> dict[str, str]:
    """What a deployed function's import sees: its name, a region, the secret's ARN (never fetched at import)."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "POWERTOOLS_TRACE_DISABLED")}
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_LAMBDA_FUNCTION_NAME=function,
        JWT_SECRET_ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-jwt",  # noqa: S106 (an ARN)
        POWERTOOLS_SERVICE_NAME="shop",
    )
    return env


def cold_import(module: str, path: list[Path], runs: int, function: str = "bench") -> dict[str, float]:
    """Median import time (ms) and peak RSS (MiB) of `module` over `runs` fresh interpreters seeing only `path`.

    `path` is `unpacked`'s: the native overlay, the task directory, the runtime's libraries.
    """
    env = {**lambda_env(function), "PYTHONPATH": os.pathsep.join(str(p) for p in path)}
    times, peaks = [], []
    for _ in range(runs):
        # `-c` puts the working directory first on sys.path: run from one holding no module (not the repository).
        command = [str(LAMBDA_PYTHON), "-S", "-c", _PROBE, module]
        result = subprocess.run(command, env=env, cwd=path[1].parent, capture_output=True, text=True)
        figures = probe_figures(result.stdout)
        if result.returncode or figures is None:
            raise RuntimeError(f"importing {module} failed:\n{result.stderr[-3000:]}")
        elapsed, rss_kib = figures
        times.append(elapsed)
        peaks.append(rss_kib / 1024)
    return {"import_ms": round(statistics.median(times), 1), "rss_mib": round(max(peaks), 1)}


def zip_size_kib(path: Path) -> float | None:
    """Size of a deployment zip, if it was built."""
    return round(path.stat().st_size / 1024, 1) if path.exists() else None


HELLO_APP = """from chalice import Chalice

app = Chalice(app_name="hello")


@app.route("/")
def index():
    return {"hello": "world"}
"""


def hello_world(runs: int) -> dict[str, float | None]:
    """Cold import, peak RSS and zip size of the smallest Chalice app, packaged and measured the same way."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "hello"
        (project / ".chalice").mkdir(parents=True)
        (project / "app.py").write_text(HELLO_APP)
        (project / "requirements.txt").write_text("")
        (project / ".chalice" / "config.json").write_text(json.dumps({"version": "2.0", "app_name": "hello"}))
        env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}
        chalice = LAMBDA_PYTHON.parent / "chalice"
        subprocess.run(
            [str(chalice), "package", str(project / "out")], cwd=project, env=env, check=True, capture_output=True
        )
        deployment = project / "out" / "deployment.zip"
        with unpacked(deployment) as path:
            figures: dict[str, float | None] = dict(cold_import("app", path, runs))
        figures["zip_kib"] = zip_size_kib(deployment)
        return figures


class unpacked:
    """The sys.path of a Lambda running `deployment`: native overlay, the unzipped task, the runtime's libraries."""

    def __init__(self, deployment: Path) -> None:
        self.deployment = deployment
        self._tmp = tempfile.TemporaryDirectory()

    def __enter__(self) -> list[Path]:
        root = Path(self._tmp.name)
        task = root / "task"
        with zipfile.ZipFile(self.deployment) as archive:
            archive.extractall(task)
        return [host_overlay(task, root / "native"), task, runtime_dir(root / "runtime")]

    def __exit__(self, *exc: object) -> None:
        self._tmp.cleanup()


def _judge(function: dict[str, Any], hello_ms: float) -> dict[str, Any]:
    limit = SLIM_RATIO if function["resource"] in SLIM else OTHER_RATIO
    ratio = round(function["import_ms"] / hello_ms, 2)
    met = ratio <= limit and function["rss_mib"] <= RSS_LIMIT_MB
    return {**function, "ratio": ratio, "ratio_limit": limit, "met": met}


def measure(deployment: Path, sam: dict[str, Any], runs: int) -> dict[str, Any]:
    """Every packaged function's figures against the targets, the whole app.py, and the hello-world of this run."""
    hello = hello_world(runs)
    hello_ms = float(hello["import_ms"] or 1)
    functions = []
    with unpacked(deployment) as path:
        whole = cold_import("app", path, runs)
        # The floor: what every function imports before any code of ours, from the same zip.
        (path[1].parent / "stack_libraries.py").write_text(f"import {', '.join(LIBRARIES)}\n")
        libraries = cold_import("stack_libraries", path, runs)
        for function in describe(sam, declared_routes(read_catalog(str(LAMBDA_PYTHON), str(ROOT)))):
            figures = cold_import(function["module"], path, runs, function["resource"])
            functions.append(_judge({**function, **figures}, hello_ms))
    size = zip_size_kib(deployment) or 0.0
    return {
        "functions": functions,
        "app_py": whole,
        "libraries": {**libraries, "modules": list(LIBRARIES), "ratio": round(libraries["import_ms"] / hello_ms, 2)},
        "hello_world": hello,
        "zip_kib": size,
        "zip_met": size <= ZIP_LIMIT_MB * 1024,
        "all_met": all(f["met"] for f in functions) and size <= ZIP_LIMIT_MB * 1024,
        "runs": runs,
        "python": subprocess.run([str(LAMBDA_PYTHON), "-V"], capture_output=True, text=True).stdout.strip(),
        "tracing": "off" if os.environ.get("POWERTOOLS_TRACE_DISABLED", "").lower() == "true" else "on",
    }


def main() -> None:
    """Print the figures as JSON (then the README's table of functions with --markdown)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    deployment = PACKAGE / "deployment.zip"
    if not deployment.exists():
        sys.exit("build/package/deployment.zip is missing: run `make package` (or `make cost`)")
    figures = measure(deployment, json.loads((PACKAGE / "sam.json").read_text()), args.runs)
    print(json.dumps(figures, indent=2))
    if args.markdown:
        print(markdown(figures))


if __name__ == "__main__":
    main()
