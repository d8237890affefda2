"""bench/serverless_cost.py reads the cold-import probe's figures from its marked line, whatever the import prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.serverless_cost import _PROBE, MARK, probe_figures


def test_the_marked_line_is_read_and_a_log_line_of_numbers_after_it_is_not() -> None:
    stdout = f'{{"level":"INFO"}}\n{MARK}12.5 40960\n3.0 7\n'
    assert probe_figures(stdout) == (12.5, 40960)


def test_output_without_the_mark_gives_no_figures() -> None:
    assert probe_figures("12.5 40960\n") is None


def test_the_probe_marks_its_figures_after_an_import_that_prints_numbers_without_a_newline(tmp_path: Path) -> None:
    # Given a module whose import prints something shaped like the figures, with no newline after it
    (tmp_path / "noisy.py").write_text('print("999 1", end="")\n')
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    # When the probe imports it in a fresh interpreter
    result = subprocess.run([sys.executable, "-S", "-c", _PROBE, "noisy"], env=env, capture_output=True, text=True)

    # Then the figures read are the probe's own: a positive time and this process's peak RSS, not the 999 and 1
    figures = probe_figures(result.stdout)
    assert result.returncode == 0 and figures is not None, result.stderr
    elapsed, rss_kib = figures
    assert 0 < elapsed < 999 and rss_kib > 1000
