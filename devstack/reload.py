"""Reload on edit: a change to app.py or under chalicelib/ restarts the local API and the pump, not the stores.

The pump runs the app's consumers, schedules and stream handlers in this process, so it is restarted on a fresh
import of the app too: after an edit, HTTP requests and events both run the new code. moto, Redis, the search
engine and the stand-ins keep running, so data, sessions and tokens outlive the reload.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import PythonFilter, watch

log = logging.getLogger("devstack")


def watched_paths(project_dir: Path) -> list[Path]:
    """What a reload follows: the project's app.py and its chalicelib package."""
    return [path for path in (project_dir / "app.py", project_dir / "chalicelib") if path.exists()]


class Reloader:
    """Watches the app's code in a daemon thread and calls `restart` after each batch of changes."""

    def __init__(self, project_dir: Path, restart: Callable[[], None]) -> None:
        self.paths = watched_paths(project_dir)
        self.restart = restart
        self.reloads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="devstack-reload", daemon=True)

    def start(self) -> None:
        """Begin watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (the watcher notices within its 1 s rust timeout)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        # watchfiles groups the writes of one save (editors write, rename, touch) into one batch.
        for changes in watch(*self.paths, watch_filter=PythonFilter(), stop_event=self._stop, rust_timeout=1000):
            names = sorted({Path(path).name for _, path in changes})
            log.info("%s changed; reloading the API and the pump", ", ".join(names))
            try:
                self.restart()
            except Exception:
                # A syntax error in the edit: say so, and keep watching for the fix.
                log.exception("reload failed; fix the code and save again")
                continue
            self.reloads += 1
            log.info("reloaded (%d); the stores kept running", self.reloads)
