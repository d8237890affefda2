"""Start the whole local stack in one process: moto, redis, resources, demo data, `chalice local` and the pump."""

from __future__ import annotations

import atexit
import importlib.util
import logging
import os
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devstack.alipay_server import AlipayServer, AlipayServerStartError
from devstack.alipay_server import start_for_stack as start_alipay
from devstack.backends import build_infra, start_backends
from devstack.captcha_server import CaptchaServer, CaptchaServerStartError
from devstack.captcha_server import start_for_stack as start_captcha
from devstack.chalice_local import ChaliceLocal, start_chalice_local
from devstack.local_state import DEFAULT_SAVE_SECONDS, LocalState, load_secrets
from devstack.moto_server import MotoServer, aws_client
from devstack.pump import EventPump
from devstack.qq_server import QQServer, QQServerStartError, start_for_stack
from devstack.redis_server import RedisServer, port_is_free
from devstack.resources import Resources
from devstack.search_server import SearchServer
from devstack.stack_env import REPO_ROOT, STAGE, app_env, chalice_config, parse_rate_overrides

log = logging.getLogger("devstack")


class StackError(RuntimeError):
    """The stack could not start."""


@dataclass
class Stack:
    """A running local stack; stop() ends everything it started and restores os.environ."""

    base_url: str
    port: int
    env: dict[str, str]
    project_dir: Path
    resources: Resources = field(default_factory=Resources)
    demo: dict[str, Any] | None = None
    indexed: dict[str, int] = field(default_factory=dict)
    moto: MotoServer | None = None
    redis: RedisServer | None = None
    search: SearchServer | None = None
    chalice: ChaliceLocal | None = None
    pump: EventPump | None = None
    qq: QQServer | None = None
    alipay: AlipayServer | None = None
    captcha: CaptchaServer | None = None
    state: LocalState | None = None
    chalice_log: bool = False  # chalice local writes to .local/logs rather than this process's terminal
    # The stream checkpoints of the pump last stopped: a reload starts the new pump there.
    checkpoints: dict[str, Any] | None = None
    saved_environ: dict[str, str | None] = field(default_factory=dict)

    def stop(self) -> None:
        """Stop the pump, chalice local, the QQ and Alipay servers, search, redis and moto (if started); safe twice."""
        steps: tuple[Callable[[], None], ...] = (self._stop_pump, self._stop_chalice, self._stop_qq, self._stop_alipay)
        steps += (self._stop_captcha, self._save_state)  # moto's state is saved once nothing writes to it
        for step in (*steps, self._stop_search, self._stop_redis, self._stop_moto, self._restore_env):
            try:
                step()
            except Exception:
                log.exception("stopping the stack: %s failed", step.__name__)

    def _stop_pump(self) -> None:
        if self.pump is not None:
            self.pump.stop()
            self.checkpoints = self.pump.stream_checkpoints()
            self.pump = None

    def _stop_chalice(self) -> None:
        if self.chalice is not None:
            self.chalice.stop()
            self.chalice = None

    def _stop_qq(self) -> None:
        if self.qq is not None:
            self.qq.stop()
            self.qq = None

    def _stop_alipay(self) -> None:
        if self.alipay is not None:
            self.alipay.stop()
            self.alipay = None

    def _save_state(self) -> None:
        if self.state is not None and self.moto is not None:
            self.state.stop_saving()

    def restart_api(self) -> None:
        """Start chalice local and the pump again on the current code; the stores keep running."""
        self._stop_pump()
        self._stop_chalice()
        _forget_app_modules()
        log_path = self.project_dir / ".local" / "logs" / f"chalice-{self.port}.log" if self.chalice_log else None
        self.chalice = start_chalice_local(self.project_dir, self.port, {**os.environ, **self.env}, log_path, STAGE)
        _start_pump(self, "LATEST", self.checkpoints)  # where the stopped one was
        self.chalice.wait_ready()

    def _stop_search(self) -> None:
        if self.search is not None:
            self.search.stop()
            self.search = None

    def _stop_captcha(self) -> None:
        if self.captcha is not None:
            self.captcha.stop()
            self.captcha = None

    def _stop_redis(self) -> None:
        if self.redis is not None:
            self.redis.stop()
            self.redis = None

    def _stop_moto(self) -> None:
        if self.moto is not None:
            self.moto.stop()
            self.moto = None

    def _restore_env(self) -> None:
        for key, value in self.saved_environ.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self.saved_environ = {}
        _reset_app_caches()


def _apply_environ(stack: Stack) -> None:
    # The pump and the demo loader run the app's code in this process, so they need the app's env too.
    for key, value in stack.env.items():
        stack.saved_environ.setdefault(key, os.environ.get(key))
        os.environ[key] = value
    _reset_app_caches()


def _reset_app_caches() -> None:
    # Settings and clients are cached per process: drop them whenever os.environ changes under them,
    # so neither the stack nor the code running after stop() talks to the other's endpoints.
    # Looked up rather than imported: before the app's first import there is nothing cached to drop.
    if (settings := sys.modules.get("chalicelib.core.settings")) is not None:
        settings.get_settings.cache_clear()
    if (clients := sys.modules.get("chalicelib.core.clients")) is not None:
        clients.reset_clients()


def _forget_app_modules() -> None:
    # The pump imports the app afresh on a restart: without this, app.py would run again on the old chalicelib.
    for name in [n for n in sys.modules if n == "chalicelib" or n.startswith("chalicelib.")]:
        del sys.modules[name]
    sys.modules.pop("devstack_app", None)


def _load_demo(env: dict[str, str]) -> dict[str, Any]:
    # Imported here, not at the top: the demo loader imports the app's modules, which must see the stack's env.
    from devstack.demo import load_demo

    return load_demo(dict(env))


def _fill_search(tables: list[str]) -> dict[str, int]:
    # The local engine keeps its indexes in memory: rebuilt from the tables at each start, after the pump took its
    # stream positions, so nothing written meanwhile is missed (versions settle what both deliver).
    from chalicelib.core.settings import get_settings
    from chalicelib.search.engine import EngineUnavailable
    from chalicelib.search.reindex import rebuild
    from chalicelib.search.streams import SOURCES

    present = [index for index, table in SOURCES.items() if get_settings().table(table) in tables]
    try:
        return {index: rebuild(index).written for index in present}
    except EngineUnavailable as exc:  # a given SEARCH_URL that is down: the rest of the stack still serves
        log.warning("search indexes not rebuilt: %s", exc.__cause__ or exc)
        return {}


def _load_app(project_dir: Path) -> types.ModuleType:
    # By path, under a name of its own: the pump calls the handlers of this project's app.py, whatever module
    # the process may already know as `app`.
    spec = importlib.util.spec_from_file_location("devstack_app", project_dir / "app.py")
    if spec is None or spec.loader is None:
        raise StackError(f"cannot import {project_dir / 'app.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _start_pump(stack: Stack, position: str, saved: Mapping[str, Any] | None) -> None:
    endpoint = stack.env["AWS_ENDPOINT_URL"]
    visibility = stack.env.get("DEVSTACK_VISIBILITY_TIMEOUT")
    stack.pump = EventPump(
        _load_app(stack.project_dir),
        aws_client("sqs", endpoint),
        aws_client("scheduler", endpoint),
        stage=STAGE,
        streams_client=aws_client("dynamodbstreams", endpoint),
        dynamodb_client=aws_client("dynamodb", endpoint),
        visibility_timeout=int(visibility) if visibility else None,
        rate_scale=float(stack.env.get("DEVSTACK_RATE_SCALE") or 1.0),
        rate_overrides=parse_rate_overrides(stack.env.get("DEVSTACK_RATE_OVERRIDES", "")),
    )
    stack.pump.start(position, saved)


def start_stack(
    port: int,
    env_overrides: Mapping[str, str] | None = None,
    *,
    project_dir: Path = REPO_ROOT,
    inherit_output: bool = False,
    load_demo: bool = True,
    state_dir: Path | None = None,
) -> Stack:
    """Start moto/redis (unless AWS_ENDPOINT_URL/REDIS_URL are given), resources, demo data, chalice local and pump.

    With a state_dir, secrets, moto's state and Redis's data are kept there and found again at the next start;
    demo data is then loaded only into a fresh state.
    """
    given = {k: v for k, v in {**os.environ, **(env_overrides or {})}.items() if v}
    state = LocalState(state_dir) if state_dir is not None else None
    if state is not None:
        given = {**load_secrets(state.directory), **given}  # a variable set in the shell still wins
    if not port_is_free(port):
        raise StackError(f"port {port} on 127.0.0.1 is already in use (set PORT to another one)")
    base_url = f"http://127.0.0.1:{port}"
    stack = Stack(base_url=base_url, port=port, env=dict(env_overrides or {}), project_dir=project_dir, state=state)
    stack.chalice_log = not inherit_output
    atexit.register(stack.stop)
    try:
        keep = state is not None and not given.get("AWS_ENDPOINT_URL")
        if keep and state is not None:
            state.restore_moto()  # into moto's backends before its server answers a request
        redis_dir = state.redis_dir if state is not None else project_dir / ".local" / "redis"
        backends = start_backends(
            given, redis_dir=redis_dir, redis_persist=state is not None, project_dir=project_dir, build=False
        )
        stack.moto, stack.redis, stack.search = backends.moto, backends.redis, backends.search
        stack.env.update(backends.env)
        try:
            stack.qq, qq_env = start_for_stack(given, base_url)
        except QQServerStartError as exc:
            raise StackError(str(exc)) from exc
        stack.env.update(qq_env)
        try:
            stack.alipay, alipay_env = start_alipay(given, base_url)
        except AlipayServerStartError as exc:
            raise StackError(str(exc)) from exc
        stack.env.update(alipay_env)
        try:
            stack.captcha, captcha_env = start_captcha(given)
        except CaptchaServerStartError as exc:
            raise StackError(str(exc)) from exc
        stack.env.update(captcha_env)
        stack.env.update(app_env(given, port, chalice_config(project_dir, STAGE)))
        _apply_environ(stack)
        # Built once the env is applied: a given endpoint's credentials may come from env_overrides.
        stack.resources = build_infra(stack.env["AWS_ENDPOINT_URL"], project_dir)
        restored = state is not None and state.restored
        # A restored state already holds the demo data, changed since by orders: loading it again would reset stock.
        stack.demo = _load_demo(stack.env) if load_demo and not restored else None
        if keep and state is not None:
            state.start_saving(float(given.get("DEVSTACK_SAVE_SECONDS") or DEFAULT_SAVE_SECONDS))
        log_path = None if inherit_output else project_dir / ".local" / "logs" / f"chalice-{port}.log"
        stack.chalice = start_chalice_local(project_dir, port, {**os.environ, **stack.env}, log_path, STAGE)
        # Streams as a new Lambda mapping reads them, from each one's oldest record: on a fresh state that is the
        # demo load's writes, after a restore what was written since (moto_state starts every stream empty); a moto
        # given from outside from now on (its past is not this stack's).
        _start_pump(stack, "LATEST" if given.get("AWS_ENDPOINT_URL") else "TRIM_HORIZON", None)
        stack.indexed = _fill_search(stack.resources.tables)
        stack.chalice.wait_ready()
    except BaseException:
        stack.stop()
        raise
    return stack
