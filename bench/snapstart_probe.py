"""Run inside a fresh Lambda-runtime interpreter by bench/snapstart_cost.py: one function's SnapStart cold path.

Argument: a JSON spec {"module", "attr", "event", "token"}. It times the import of the handler module (with
AWS_LAMBDA_INITIALIZATION_TYPE=snap-start its pre-snapshot work runs then) and the before-snapshot hooks, reads
VmRSS and VmHWM, counts botocore sessions, runs the after-restore hooks, then calls the handler once with the
network stubbed: Secrets Manager is answered here, the first other outbound request (a botocore send, a DNS
lookup or a socket connect) stops the clock and the invocation. Standard library only; prints one marked line.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from typing import Any

MARK = "SNAPSTART_PROBE "
SECRET = "snapstart-bench-secret-of-more-than-32-characters"  # noqa: S105 (answered for the secret's ARN)
_clock: dict[str, Any] = {"stopped": 0.0, "phase": "init"}
_found: dict[str, Any] = {"sessions": 0, "stop": "returned", "outbound_before_request": []}


class Outbound(BaseException):
    """Raised at the first outbound request: a BaseException, so no `except Exception` of the app swallows it."""


def _outbound(what: str) -> None:
    if _clock["phase"] != "request":  # init or restore hooks: reported, as neither should reach the network
        _found["outbound_before_request"].append(f"{_clock['phase']}: {what}")
    elif not _clock["stopped"]:
        _clock["stopped"] = time.perf_counter()
        _found["stop"] = what
    raise Outbound(what)


def _getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    _outbound(f"connect {host}:{port}")


def _connect(self: socket.socket, address: Any) -> Any:
    _outbound(f"connect {address}")


def _count_sessions(module: Any) -> None:
    init = module.Session.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        _found["sessions"] += 1
        init(self, *args, **kwargs)

    module.Session.__init__ = counting


def _stub_botocore_send(module: Any) -> None:
    from botocore.awsrequest import AWSResponse  # botocore.httpsession has imported it already

    class _Raw:
        def __init__(self, body: bytes) -> None:
            self.body = body

        def stream(self, *args: Any, **kwargs: Any) -> Any:
            return iter([self.body])

    def send(self: Any, request: Any) -> Any:
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else str(target)
        if target == "secretsmanager.GetSecretValue":
            body = json.dumps({"ARN": os.environ.get("JWT_SECRET_ARN", ""), "Name": "jwt", "SecretString": SECRET})
            return AWSResponse(request.url, 200, {"Content-Type": "application/x-amz-json-1.1"}, _Raw(body.encode()))
        _outbound(f"aws {target or request.method + ' ' + request.url.split('?')[0]}")

    module.URLLib3Session.send = send


_PATCHES = {"botocore.session": _count_sessions, "botocore.httpsession": _stub_botocore_send}


class _Patcher:
    """A meta-path finder that patches a module as it is first imported, so the probe itself imports nothing."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in _PATCHES:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader: Any = spec.loader
        run, patch = loader.exec_module, _PATCHES[name]

        def exec_module(module: Any) -> None:
            run(module)
            patch(module)

        loader.exec_module = exec_module
        return spec


def _status() -> dict[str, float]:
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
    return {f"{k.lower()}_mib": int(v.split()[0]) / 1024 for k, v in fields.items()}


def _hooks(name: str) -> None:
    if "snapshot_restore_py" in sys.modules:  # imported by the function itself, or it has no hooks
        for hook, args, kwargs in getattr(sys.modules["snapshot_restore_py"], name)():
            hook(*args, **kwargs)


class Context:
    """The Lambda context object Powertools reads (names, memory, request id, remaining time)."""

    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "bench")
    function_version = "1"
    invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}:live"
    memory_limit_in_mb = 512
    aws_request_id = "00000000-0000-4000-8000-000000000000"
    log_group_name = f"/aws/lambda/{function_name}"
    log_stream_name = "bench"

    def get_remaining_time_in_millis(self) -> int:
        """As a fresh invocation with 15 s to run."""
        return 15_000


def _login_token() -> str:
    import jwt  # every function reading a token has imported it during init

    now = int(time.time())
    claims = {"sub": "1", "aud": "shop:login", "iat": now, "exp": now + 3600, "username": "bench", "ver": 0}
    return str(jwt.encode({**claims, "staff": False}, SECRET, algorithm="HS256"))


def _invoke(handler: Any, spec: dict[str, Any]) -> None:
    event = spec["event"]
    if spec.get("token"):
        event["headers"]["Authorization"] = f"Bearer {_login_token()}"
        event["multiValueHeaders"]["Authorization"] = [event["headers"]["Authorization"]]
    started = time.perf_counter()
    try:
        answer = handler(event, Context())
    except Outbound:
        pass
    else:
        _clock["stopped"] = time.perf_counter()
        status = answer.get("statusCode") if isinstance(answer, dict) else None
        _found["stop"] = f"returned {status}" if status is not None else "returned"
        _found["answer"] = str(answer)[:300]  # what a first request that reached no data store answered
    _found["first_request_ms"] = (_clock["stopped"] - started) * 1000


def main() -> None:
    """Measure the spec's function and print the figures on one marked line."""
    spec = json.loads(sys.argv[1])
    socket.getaddrinfo = _getaddrinfo
    socket.socket.connect = _connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _connect  # type: ignore[method-assign,assignment]
    sys.meta_path.insert(0, _Patcher())
    started = time.perf_counter()
    module = __import__(spec["module"], fromlist=["_"])
    if os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE") == "snap-start":
        _hooks("get_before_snapshot")
    _found["init_ms"] = (time.perf_counter() - started) * 1000
    _found.update(_status(), sessions_init=_found["sessions"])
    if spec.get("event") is not None:
        _clock["phase"] = "restore"
        started = time.perf_counter()
        _hooks("get_after_restore")
        _found["restore_hooks_ms"] = (time.perf_counter() - started) * 1000
        _clock["phase"] = "request"
        _invoke(getattr(module, spec["attr"]), spec)
    print(MARK + json.dumps(_found), flush=True)


if __name__ == "__main__":
    main()
