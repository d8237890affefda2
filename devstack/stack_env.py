"""The environment the local stack gives the app: settings defaults, generated secrets, chalice config variables."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger("devstack")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 8000
STAGE = "dev"
DEMO_USERS = ["admin", "demo1", "demo2", "demo3", "demo4", "demo5"]


def chalice_config_env(project_dir: Path, stage: str = STAGE) -> dict[str, str]:
    """environment_variables of .chalice/config.json, top level then stage, as Chalice merges them."""
    try:
        config = json.loads((project_dir / ".chalice" / "config.json").read_text())
    except (OSError, ValueError):
        return {}
    env = {k: str(v) for k, v in config.get("environment_variables", {}).items()}
    env.update({k: str(v) for k, v in config.get("stages", {}).get(stage, {}).get("environment_variables", {}).items()})
    return env


def app_env(given: Mapping[str, str], port: int, project_dir: Path = REPO_ROOT) -> dict[str, str]:
    """Stack settings on top of `given` (process env + overrides): outboxes, secrets, URLs, chalice config vars."""
    local = project_dir / ".local"
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
    config_env = chalice_config_env(project_dir)
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
