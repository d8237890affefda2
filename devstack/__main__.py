"""`python -m devstack` (what `make run` runs): the whole system on http://127.0.0.1:$PORT until Ctrl-C."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from types import FrameType

from devstack.chalice_local import ChaliceLocalError
from devstack.local_state import state_dir_from
from devstack.moto_server import MotoStartError
from devstack.recurring import UnsupportedEventSource
from devstack.redis_server import RedisStartError
from devstack.reload import Reloader
from devstack.resources import TemplateError
from devstack.search_server import SearchStartError
from devstack.stack import Stack, StackError, start_stack
from devstack.stack_env import DEFAULT_PORT, DEMO_USERS

# What a failed start-up raises; each message says what to fix.
START_ERRORS = (
    StackError,
    ChaliceLocalError,
    RedisStartError,
    MotoStartError,
    SearchStartError,
    TemplateError,
    UnsupportedEventSource,
)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # SIGTERM behaves like Ctrl-C, so start-up and the main loop share one clean-up path.
    raise KeyboardInterrupt


def _captcha_line(stack: Stack) -> str:
    env, url = stack.env, stack.env.get("CAPTCHA_ENDPOINT", "CAPTCHA_ENDPOINT as given")
    where = f"{url}   (local stand-in: GET {url}/ticket?aid={env.get('CAPTCHA_APP_ID')})" if stack.captcha else url
    if (env.get("CAPTCHA_PROVIDER") or os.environ.get("CAPTCHA_PROVIDER") or "off") == "off":
        return f"off: every ticket passes (CAPTCHA_PROVIDER=tencent checks them at {where})"
    return f"tencent at {where}"


def _demo_line(stack: Stack) -> str:
    if stack.demo:
        return str(stack.demo)
    if stack.state is not None and stack.state.restored:
        return "kept from the last run (loaded only into a fresh state)"
    return "none (DEVSTACK_DEMO=0)"


def _state_line(stack: Stack) -> str:
    if stack.state is None:
        return "not kept (DEVSTACK_PERSIST=0): tables, Redis and secrets are gone at Ctrl-C"
    found = "restored" if stack.state.restored else "new"
    return f"kept in {stack.state.directory} ({found}; `make reset` wipes it)"


def _reloader(stack: Stack) -> Reloader | None:
    # DEVSTACK_RELOAD=0: the code a run starts with is the code it serves.
    if os.environ.get("DEVSTACK_RELOAD", "1") == "0":
        return None
    reloader = Reloader(stack.project_dir, stack.restart_api)
    reloader.start()
    return reloader


def banner(stack: Stack) -> str:
    """The start-up summary: URL, data, queues, logs and demo credentials."""
    env = stack.env
    kept_demo = stack.demo or (stack.state is not None and stack.state.restored)
    lines = [
        "",
        f"  API            {stack.base_url}   (PORT={stack.port})",
        f"  AWS endpoint   {env['AWS_ENDPOINT_URL']}" + ("   (moto, in-process)" if stack.moto else "   (external)"),
        f"  Redis          {env['REDIS_URL']}" + ("   (embedded redis-server)" if stack.redis else "   (external)"),
        f"  Search         {env['SEARCH_URL']}"
        + ("   (osmem-server, in memory)" if stack.search else "   (external)")
        + f"; indexed {stack.indexed.get('skus', 0)} SKUs, {stack.indexed.get('articles', 0)} articles",
        f"  Tables         {', '.join(stack.resources.tables)}",
        f"  Queues         {', '.join(stack.resources.queues)}",
        f"  Media          {env.get('MEDIA_BASE_URL')}/<key>   (bucket {env.get('MEDIA_BUCKET')}, POST /uploads/)",
        f"  SMS outbox     {env['SMS_OUTBOX']}",
        f"  E-mail outbox  {env['EMAIL_OUTBOX']}",
        f"  QQ login       {env['QQ_BASE_URL']}" + ("   (local authorization server)" if stack.qq else "   (external)"),
        f"  Alipay         {env.get('ALIPAY_GATEWAY', 'ALIPAY_GATEWAY as given')}"
        + ("   (local sandbox: its pay page confirms or declines)" if stack.alipay else "   (external)"),
        f"  Captcha        {_captcha_line(stack)}",
        "  Logs           chalice local and the event pump on this terminal"
        + (f"; redis: {stack.redis.log_path}" if stack.redis else ""),
        f"  Demo data      {_demo_line(stack)}",
        *([f"  Demo users     {', '.join(DEMO_USERS)}   password: {env.get('DEMO_PASSWORD')}"] if kept_demo else []),
        f"  State          {_state_line(stack)}",
        "",
        "  Ctrl-C stops everything.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    """Run the stack until SIGINT/SIGTERM; 0 on a clean stop, 1 if it failed to start or chalice died."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Library chatter ("Found credentials in environment variables" per client) hides the pump's lines.
    for noisy in ("botocore", "pynamodb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    port = int(os.environ.get("PORT") or DEFAULT_PORT)
    stack: Stack | None = None
    reloader: Reloader | None = None
    try:
        print(f"devstack: starting on port {port} ...", flush=True)
        # DEVSTACK_DEMO=0 serves existing data only (given AWS_ENDPOINT_URL/REDIS_URL), adding no demo users.
        demo = os.environ.get("DEVSTACK_DEMO", "1") != "0"
        stack = start_stack(port, inherit_output=True, load_demo=demo, state_dir=state_dir_from(os.environ))
        print(banner(stack), flush=True)
        print(f"devstack: ready, GET {stack.base_url}/health/ answered 200", flush=True)
        reloader = _reloader(stack)
        idle = threading.Event()
        # While reloading, chalice is down between two processes (or after a broken edit, until the fix).
        while reloader is not None or (stack.chalice is not None and stack.chalice.is_running()):
            idle.wait(0.5)
        print("devstack: chalice local exited; stopping", file=sys.stderr, flush=True)
        return 1
    except START_ERRORS as exc:
        print(f"devstack: could not start: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("\ndevstack: stopping ...", flush=True)
        return 0
    finally:
        # A second Ctrl-C must not cut the clean-up short and leave redis or chalice running.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if reloader is not None:
            reloader.stop()
        if stack is not None:
            stack.stop()
        print("devstack: stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
