"""What the local stack keeps between runs under one state directory (`.local/state` by default).

- `secrets.json`: the JWT secret, demo password and the local QQ and Alipay keys, made once, so tokens, the
  password and signed payment notifications stay valid across restarts (a variable set in the shell still wins);
- `moto.pickle`: moto's DynamoDB, S3, SQS and Scheduler state, saved on a clean stop and every
  DEVSTACK_SAVE_SECONDS, restored before the infra is built;
- `redis/`: Redis's append-only file and snapshot.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from devstack import alipay_keys, moto_state
from devstack.stack_env import REPO_ROOT

log = logging.getLogger("devstack")

DEFAULT_SAVE_SECONDS = 30.0
# Each made once when missing; the Alipay pair is the app's key and the sandbox's (Alipay's side).
_SECRET_MAKERS: dict[str, Callable[[], str]] = {
    "JWT_SECRET": lambda: secrets.token_urlsafe(32),
    "DEMO_PASSWORD": lambda: f"demo-{secrets.token_hex(4)}",
    "QQ_CLIENT_SECRET": lambda: secrets.token_urlsafe(24),
    "ALIPAY_APP_PRIVATE_KEY": alipay_keys.new_private_key,
    "ALIPAY_SANDBOX_PRIVATE_KEY": alipay_keys.new_private_key,
}


def state_dir_from(env: Mapping[str, str], project_dir: Path = REPO_ROOT) -> Path | None:
    """DEVSTACK_STATE_DIR, else `<project>/.local/state`; None when DEVSTACK_PERSIST=0 (a run that keeps nothing)."""
    if env.get("DEVSTACK_PERSIST", "1") == "0":
        return None
    return Path(env.get("DEVSTACK_STATE_DIR") or project_dir / ".local" / "state")


def load_secrets(state_dir: Path) -> dict[str, str]:
    """The stack's secrets from `state_dir/secrets.json`, any missing one made and written back (mode 0600)."""
    path = state_dir / "secrets.json"
    kept: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = {name: make() for name, make in _SECRET_MAKERS.items() if not kept.get(name)}
    if missing:
        state_dir.mkdir(parents=True, exist_ok=True)
        kept.update(missing)
        partial = path.with_suffix(".partial")
        partial.touch(mode=0o600)
        partial.write_text(json.dumps(kept, indent=1))
        os.replace(partial, path)
    return kept


@dataclass
class LocalState:
    """The state directory of one run: what was restored from it, and the saver that keeps moto's state there."""

    directory: Path
    restored: bool = False
    saver: moto_state.PeriodicSaver | None = field(default=None, repr=False)

    @property
    def moto_file(self) -> Path:
        """Where moto's backends are pickled."""
        return self.directory / "moto.pickle"

    @property
    def redis_dir(self) -> Path:
        """Redis's working directory (its AOF and RDB files)."""
        return self.directory / "redis"

    def restore_moto(self) -> bool:
        """Put moto's saved state back (before the server takes requests); whether there was one."""
        self.restored = moto_state.restore(self.moto_file)
        return self.restored

    def start_saving(self, seconds: float) -> None:
        """Save moto's state now and then every `seconds` until stop_saving()."""
        self.saver = moto_state.PeriodicSaver(self.moto_file, seconds)
        self.saver.start()

    def stop_saving(self) -> None:
        """Save moto's state a last time (a clean stop) and stop the periodic saver."""
        if self.saver is not None:
            ms = self.saver.stop()
            self.saver = None
            log.info("saved moto's state to %s in %.0f ms", self.moto_file, ms)
