"""Serverless cost: cold import time of app.py and the size of the packaged Lambda zip.

Run `make package` first for the zip size. Usage: python -m bench.serverless_cost [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def import_time_ms(module: str, cwd: Path, runs: int) -> float:
    """Median cumulative import time of `module` over fresh interpreters, from `python -X importtime`."""
    samples = []
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
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


def main() -> None:
    """Print the figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    figures = {
        "app_import_ms_median": import_time_ms("app", ROOT, args.runs),
        "app_zip_kib": zip_size_kib(ROOT / "build" / "package" / "deployment.zip"),
        "runs": args.runs,
        "python": sys.version.split()[0],
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
