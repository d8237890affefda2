"""Serverless cost: cold import time of app.py and the packaged zip's size, beside a Chalice hello-world.

`make cost` runs `make package` first. Usage: python -m bench.serverless_cost [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


# What the Lambda Python runtime provides besides the standard library.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py")


def runtime_dir(target: Path) -> Path:
    """A directory holding only the packages the Lambda runtime ships, linked from this venv."""
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_PACKAGES:
        (target / name).symlink_to(site / name)
    return target


def import_time_ms(module: str, cwd: Path, runs: int, pythonpath: list[Path] | None = None) -> float:
    """Median cumulative import time of `module` over fresh interpreters, from `python -X importtime`.

    With `pythonpath`, site-packages is left out (-S): only the unzipped package and the runtime's
    own libraries are importable, as in Lambda.
    """
    samples = []
    # Lambda's /var/task is read-only: whatever bytecode the zip lacks is compiled on every cold start.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    flags = ["-X", "importtime"]
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
        flags = ["-S", *flags]
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, *flags, "-c", f"import {module}"],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        for line in result.stderr.splitlines():
            match = _LINE.match(line)
            if match and match.group(4) == module and match.group(3) == " ":
                samples.append(int(match.group(2)) / 1000)
    return round(statistics.median(samples), 1)


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
    """Import time and packaged zip size of the smallest Chalice app, measured the same way."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "hello"
        (project / ".chalice").mkdir(parents=True)
        (project / "app.py").write_text(HELLO_APP)
        (project / "requirements.txt").write_text("")
        (project / ".chalice" / "config.json").write_text(json.dumps({"version": "2.0", "app_name": "hello"}))
        env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}
        chalice = Path(sys.executable).parent / "chalice"
        subprocess.run(
            [str(chalice), "package", str(project / "out")], cwd=project, env=env, check=True, capture_output=True
        )
        deployment = project / "out" / "deployment.zip"
        return {"import_ms_median": packaged_import_ms(deployment, runs), "zip_kib": zip_size_kib(deployment)}


def packaged_import_ms(deployment: Path, runs: int) -> float:
    """Import time of `app` from the unzipped deployment package plus the runtime's libraries only."""
    with tempfile.TemporaryDirectory() as tmp:
        code = Path(tmp) / "task"
        with zipfile.ZipFile(deployment) as archive:
            archive.extractall(code)
        return import_time_ms("app", code, runs, [code, runtime_dir(Path(tmp) / "runtime")])


def main() -> None:
    """Print the figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    deployment = ROOT / "build" / "package" / "deployment.zip"
    if not deployment.exists():
        sys.exit("build/package/deployment.zip is missing: run `make package` (or `make cost`)")
    figures = {
        "app_import_ms_median": packaged_import_ms(deployment, args.runs),
        "app_zip_kib": zip_size_kib(deployment),
        "hello_world": hello_world(args.runs),
        "runs": args.runs,
        "python": sys.version.split()[0],
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
