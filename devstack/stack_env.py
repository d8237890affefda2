"""What the local stack gives the app: Chalice's resolved config for the stage, settings defaults, fresh secrets."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from pathlib import Path

from chalice.config import Config
from chalice.constants import DEFAULT_LAMBDA_MEMORY_SIZE, DEFAULT_LAMBDA_TIMEOUT

log = logging.getLogger("devstack")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 8000
STAGE = "dev"
DEMO_USERS = ["admin", "demo1", "demo2", "demo3", "demo4", "demo5"]


def chalice_config(project_dir: Path = REPO_ROOT, stage: str = STAGE) -> Config:
    """The project's .chalice/config.json as Chalice's Config for `stage`, as `chalice local` and `package` build it."""
    config_from_disk = json.loads((project_dir / ".chalice" / "config.json").read_text())
    return Config(
        chalice_stage=stage, config_from_disk=config_from_disk, default_params={"project_dir": str(project_dir)}
    )


def lambda_settings(config: Config, function_name: str) -> tuple[int, int]:
    """(memory MB, timeout s) Chalice deploys `function_name` with: function, stage, top level, then its defaults."""
    scoped = config.scope(config.chalice_stage, function_name)
    return scoped.lambda_memory_size or DEFAULT_LAMBDA_MEMORY_SIZE, scoped.lambda_timeout or DEFAULT_LAMBDA_TIMEOUT


def function_environment(config: Config, function_name: str) -> dict[str, str]:
    """The environment_variables Chalice gives `function_name`: top level, stage, then the function's own."""
    return config.scope(config.chalice_stage, function_name).environment_variables


def app_env(given: Mapping[str, str], port: int, config: Config) -> dict[str, str]:
    """Stack settings on top of `given` (process env + overrides): outboxes, secrets, URLs, the config's variables."""
    local = Path(config.project_dir) / ".local"
    env: dict[str, str] = {
        "PORT": str(port),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SMS_OUTBOX": str(local / "outbox" / "sms.jsonl"),
        "EMAIL_OUTBOX": str(local / "outbox" / "email.jsonl"),
        # Fresh per run so tokens from an earlier run (against other data) are not accepted.
        "JWT_SECRET": secrets.token_urlsafe(32),
        "DEMO_PASSWORD": f"demo-{secrets.token_hex(4)}",
    }
    env.update({k: v for k, v in given.items() if k in env and v})
    # `chalice local` puts the config's variables over the process env; the in-process pump must see the same values.
    config_env = config.environment_variables
    for key, value in config_env.items():
        if given.get(key, value) != value:
            log.warning("%s=%s is overridden by .chalice/config.json (%s) in chalice local", key, given[key], value)
    env.update(config_env)
    for key in ("SMS_OUTBOX", "EMAIL_OUTBOX"):
        Path(env[key]).parent.mkdir(parents=True, exist_ok=True)
    return env


def parse_rate_overrides(text: str) -> dict[str, float]:
    """Parse "handler=seconds,handler2=seconds" (DEVSTACK_RATE_OVERRIDES) into a mapping."""
    overrides: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, seconds = item.partition("=")
        if not sep:
            raise ValueError(f"DEVSTACK_RATE_OVERRIDES item {item!r} is not name=seconds")
        overrides[name.strip()] = float(seconds)
    return overrides
