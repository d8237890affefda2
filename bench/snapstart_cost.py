"""SnapStart cold path of every packaged function against a floor, measured interleaved in one run.

Per function, from fresh interpreters of the Lambda runtime's Python that see only the unzipped package and the
runtime's boto3 (bench/serverless_cost.py's machinery): init (the handler module's import with
AWS_LAMBDA_INITIALIZATION_TYPE=snap-start, which runs its pre-snapshot work, plus the before-snapshot hooks), VmRSS
and VmHWM after init, botocore sessions built, and the first request's local work in the same process after the
after-restore hooks (bench/snapstart_probe.py). The floor imports chalice, pydantic, jwt, Powertools' Logger and
Metrics, pynamodb.models and redis, and builds one botocore session with a DynamoDB and an SQS client. Each round
runs every function and the floor once, so the machine's load falls on all alike. A function given a layer
(infra/layers.py) sees it where its environment says, this machine's build of its native code in place of arm64's.
Usage: python -m bench.snapstart_cost [--rounds 9] [--markdown] [--package build/package] (`make snapstart` packages
first).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from bench.functions_table import describe
from bench.native import LAMBDA_PYTHON, layer_view
from bench.serverless_cost import lambda_env, unpacked
from bench.snapstart_events import event_for
from bench.snapstart_probe import MARK
from bench.snapstart_verdict import FLOOR, FLOOR_MODEL, judge, markdown, summarise, table
from infra.layers import LAYERS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "build" / "package"
OUT = ROOT / "bench" / "out"
PROBE = Path(__file__).with_name("snapstart_probe.py").read_text()
FLOOR_SOURCE = """import chalice, jwt, pydantic, pynamodb.models, redis
from aws_lambda_powertools import Logger, Metrics
import botocore.session

logger, metrics = Logger(service="shop"), Metrics(namespace="Shop")
session = botocore.session.get_session()
dynamodb, sqs = session.create_client("dynamodb", "us-east-1"), session.create_client("sqs", "us-east-1")
"""
# For the notes only, not the verdict: `import pydantic` loads its lazy top module alone (~2 ms); the first model
# loads pydantic.main and the schema machinery every function's requests and messages need (~100 ms).
FLOOR_MODEL_SOURCE = (
    FLOOR_SOURCE
    + """
from pydantic import BaseModel

class Message(BaseModel):
    name: str
"""
)
# The stack's values computed by CloudFormation (Fn::Sub, GetAtt, Ref), as a deployed stack would give them;
# the optional parameters (Alipay, QQ, captcha) are left unset, as a stack not given them.
PLACEHOLDERS = {
    "REDIS_URL": "rediss://shop-redis.abc123.use1.cache.amazonaws.com:6379/0",
    "SCHEDULER_ROLE_ARN": "arn:aws:iam::123456789012:role/shop-SchedulerRole",
    "QUEUE_ARN_PREFIX": "arn:aws:sqs:us-east-1:123456789012:",
    "QUEUE_URL_PREFIX": "https://sqs.us-east-1.amazonaws.com/123456789012/",
    "JWT_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-jwt",
    "EMAIL_SENDER": "no-reply@example.com",
    "PUBLIC_URL": "https://shop.example.com",
    "CORS_ALLOW_ORIGINS": "https://www.example.com",
    "MEDIA_BUCKET": "shop-media",
    "MEDIA_BASE_URL": "https://shop-media.s3.us-east-1.amazonaws.com",
    "SEARCH_URL": "https://bench.us-east-1.aoss.amazonaws.com",
    "SEARCH_SIGV4_SERVICE": "aoss",
}
# Lambda gives an on-demand function its role's credentials in the environment; here they are never sent.
RUNTIME = {
    "AWS_REGION": "us-east-1",
    "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
    "AWS_ACCESS_KEY_ID": "ASIABENCHBENCHBENCH0",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_SESSION_TOKEN": "bench",
    "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start",
}


def function_env(sam: dict[str, Any], resource: str) -> dict[str, str]:
    """The environment the template gives `resource`: literal values, and placeholders for computed ones."""
    variables = dict(sam.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
    own = sam["Resources"][resource]["Properties"].get("Environment", {}).get("Variables", {})
    variables.update(own)
    found = {k: v for k, v in variables.items() if isinstance(v, str)}
    found.update({k: PLACEHOLDERS[k] for k, v in variables.items() if not isinstance(v, str) and k in PLACEHOLDERS})
    return found


def probe(spec: dict[str, Any], path: list[Path], env: dict[str, str]) -> dict[str, Any]:
    """One fresh interpreter's figures for `spec` (bench/snapstart_probe.py)."""
    env = {**env, "PYTHONPATH": ":".join(str(p) for p in path)}
    # `-c` puts the working directory first on sys.path: run from one holding no module (not the repository).
    command = [str(LAMBDA_PYTHON), "-S", "-c", PROBE, json.dumps(spec)]
    result = subprocess.run(command, env=env, cwd=path[1].parent, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith(MARK)]
    if result.returncode or not lines:
        raise RuntimeError(f"probing {spec['module']} failed:\n{result.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(lines[-1].removeprefix(MARK))
    return figures


def _jobs(sam: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, str]]]:
    floor = {"resource": FLOOR, "module": "snapstart_floor", "snapstart": True}
    model = {"resource": FLOOR_MODEL, "module": "snapstart_floor_model", "snapstart": True}
    jobs = [(f, {"module": f["module"], "event": None}, {**lambda_env(FLOOR), **RUNTIME}) for f in (floor, model)]
    for function in describe(sam, {}):
        event, token = event_for(function["module"])
        attr = "app" if function["snapstart"] else "handler"
        spec = {"module": function["module"], "attr": attr, "event": event, "token": token}
        env = {**lambda_env(function["resource"]), **function_env(sam, function["resource"]), **RUNTIME}
        jobs.append((function, spec, env))
    return jobs


def measure(deployment: Path, sam: dict[str, Any], rounds: int) -> dict[str, Any]:
    """Every packaged function and the floor, `rounds` times each, interleaved; the rows judged against the floor."""
    jobs = _jobs(sam)
    samples: dict[str, list[dict[str, Any]]] = {job[0]["resource"]: [] for job in jobs}
    with unpacked(deployment) as path:
        # A function given a layer finds its packages where the template says (infra/layers.py): here, the zip
        # beside deployment.zip unpacked, its native code swapped for this machine's build.
        for layer in LAYERS:
            with zipfile.ZipFile(deployment.parent / layer.content) as archive:
                archive.extractall(path[1].parent / "layers")
            view = layer_view(path[1].parent / "layers" / layer.directory, path[1].parent / f"layer-{layer.directory}")
            for _, _, env in jobs:
                if layer.variable in env:
                    env[layer.variable] = str(view)
        (path[1] / "snapstart_floor.py").write_text(FLOOR_SOURCE)
        (path[1] / "snapstart_floor_model.py").write_text(FLOOR_MODEL_SOURCE)
        for n in range(rounds):
            # Each round starts one job later, so no function always runs right after the same neighbour.
            for function, spec, env in jobs[n % len(jobs) :] + jobs[: n % len(jobs)]:
                samples[function["resource"]].append(probe(spec, path, env))
    rows = [summarise(function, samples[function["resource"]]) for function, _, _ in jobs]
    floor, functions = rows[0], [judge(row, rows[0]) for row in rows[2:]]
    version = subprocess.run([str(LAMBDA_PYTHON), "-V"], capture_output=True, text=True).stdout.strip()
    return {"floor": floor, "floor_model": rows[1], "functions": functions, "rounds": rounds, "python": version}


def run(out: Path = OUT, rounds: int = 9, package: Path = PACKAGE) -> dict[str, Any]:
    """Measure, write `out`/snapstart_cost.json and print the table; skipped when `make package` has not run."""
    deployment = package / "deployment.zip"
    if not deployment.exists():
        return {"skipped": f"{deployment} is missing: run `make package`"}
    figures = measure(deployment, json.loads((package / "sam.json").read_text()), rounds)
    out.mkdir(parents=True, exist_ok=True)
    (out / "snapstart_cost.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(table(figures))
    return figures


def main() -> None:
    """Print the table (and the markdown one with --markdown); the rows go to bench/out/snapstart_cost.json."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--package", type=Path, default=PACKAGE, help="a `make package PACKAGE_DIR=...` output")
    args = parser.parse_args()
    figures = run(OUT, args.rounds, args.package)
    if "skipped" in figures:
        sys.exit(figures["skipped"])
    if args.markdown:
        print(markdown(figures))


if __name__ == "__main__":
    main()
