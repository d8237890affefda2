"""docs/deploy.md's functions table is the one infra/functions_table.py builds from the code, never a stale copy."""

from __future__ import annotations

import os
import subprocess
import sys

from infra import functions_table

REGENERATE = "regenerate it: .venv/bin/python -m infra.functions_table --write"


def test_the_functions_table_in_deploy_md_is_the_generated_one() -> None:
    """Generated in a fresh interpreter (it imports every function module); compared with the text between markers."""
    environment = {k: v for k, v in os.environ.items() if k not in ("AWS_ENDPOINT_URL", "TABLE_PREFIX")}
    result = subprocess.run(
        [sys.executable, "-m", "infra.functions_table"],
        cwd=functions_table.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    generated = result.stdout.rstrip("\n")
    document = functions_table.DOC.read_text()
    assert functions_table.BEGIN in document and functions_table.END in document, f"markers missing; {REGENERATE}"
    assert functions_table.replaced(document, generated) == document, f"docs/deploy.md's table is stale; {REGENERATE}"
    rows = [line for line in generated.splitlines()[2:] if line.startswith("| ")]
    assert any(row.startswith("| PaymentsApi (`payments`)") for row in rows)
    assert len(rows) >= 18


def test_replacing_keeps_the_text_around_the_markers() -> None:
    begin, end = functions_table.BEGIN, functions_table.END
    document = f"before\n{begin}\nold\n{end}\nafter\n"
    assert functions_table.replaced(document, "new") == f"before\n{begin}\nnew\n{end}\nafter\n"
