"""moto's in-process state on disk: its backends pickled to one file, and put back before the infra is built.

moto 5.2 keeps each service's state in a BackendDict (account -> region -> backend object). Pickling those objects
keeps DynamoDB tables and items, S3 buckets and objects, SQS queues with their pending messages and Scheduler
groups and schedules. SQS queues hold a threading.Condition, which pickle refuses: locks are saved as new ones.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import threading
import time
from pathlib import Path
from typing import Any

from devstack.moto_server import dynamodb_write_lock

log = logging.getLogger("devstack")

SERVICES = ("dynamodb", "s3", "sqs", "scheduler")
FORMAT = 1  # bumped when what the file holds changes; a file of another format is ignored, not half-read
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))
_save_lock = threading.Lock()


class _Pickler(pickle.Pickler):
    # A lock or condition carries no state worth keeping: it comes back as a fresh one.
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, threading.Condition):
            return threading.Condition, ()
        if isinstance(obj, _LOCK_TYPES):
            return (threading.RLock if isinstance(obj, type(threading.RLock())) else threading.Lock), ()
        return NotImplemented


def _backends() -> dict[str, Any]:
    from moto.backends import get_backend

    return {name: get_backend(name) for name in SERVICES}  # type: ignore[call-overload]


def _snapshot() -> bytes:
    backends = _backends().items()
    state = {name: {account: dict(regions) for account, regions in found.items()} for name, found in backends}
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump({"format": FORMAT, "backends": state})
    return buffer.getvalue()


def save(path: Path, attempts: int = 3) -> float:
    """Write moto's state to `path` (atomically: a crash mid-save leaves the last good file); the ms it took."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _save_lock:
        for attempt in range(attempts):
            try:
                # DynamoDB writes wait while its items are read; other services change rarely enough to retry.
                with dynamodb_write_lock:
                    data = _snapshot()
                break
            except RuntimeError:  # a dict changed size under the pickler (a queue or bucket written meanwhile)
                if attempt == attempts - 1:
                    raise
        partial = path.with_suffix(".partial")
        partial.write_bytes(data)
        os.replace(partial, path)
    return (time.perf_counter() - started) * 1000


def restore(path: Path) -> bool:
    """Put the state saved at `path` into moto's backends; False if there is none (or of another format)."""
    if not path.exists():
        return False
    try:
        saved = pickle.loads(path.read_bytes())  # noqa: S301  (our own file, under the project's .local/)
    except Exception as exc:  # moto changed under the file: start empty rather than not at all
        log.warning("moto state in %s not restored (%s); starting empty", path, exc)
        return False
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        log.warning("moto state in %s is of another format; starting empty", path)
        return False
    live = _backends()
    for name, accounts in saved["backends"].items():
        for account, regions in accounts.items():
            live[name][account].update(regions)
    _fresh_streams(live["dynamodb"])
    return True


def _fresh_streams(dynamodb: Any) -> None:
    # The pump's stream readers start at the end of a stream; old records would only hold memory.
    from moto.dynamodb.models.table import StreamShard

    for regions in dynamodb.values():
        for backend in regions.values():
            for table in backend.tables.values():
                if table.stream_shard is not None:
                    table.stream_shard = StreamShard(table.account_id, table)


class PeriodicSaver:
    """Saves moto's state every `seconds` in a daemon thread, so a crash loses at most that much."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path = path
        self.seconds = seconds
        self.last_ms = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="moto-state-saver", daemon=True)

    def start(self) -> None:
        """Begin saving periodically."""
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.seconds):
            try:
                self.last_ms = save(self.path)
            except Exception:
                log.exception("saving moto's state to %s failed", self.path)

    def stop(self) -> float:
        """Stop the thread and save once more (a clean stop keeps everything); the ms the last save took."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        self.last_ms = save(self.path)
        return self.last_ms
