"""Run the arm64 deployment package on this machine: its native extensions swapped for this machine's builds.

The zip holds aarch64 builds of pydantic-core, cffi, argon2's bindings and wrapt. For measuring on an x86_64
machine, the packages holding them are taken from the Lambda venv (the same pinned versions, built for here);
every other file, our bytecode included, runs as shipped.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_VENV_PYTHON = ROOT / ".venv-lambda" / "bin" / "python"
# The Lambda runtime's Python (make's packaging venv); this interpreter if that venv was never built.
LAMBDA_PYTHON = _VENV_PYTHON if _VENV_PYTHON.exists() else Path(sys.executable)
# What the Lambda Python runtime provides besides the standard library.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py")


@functools.cache
def site_packages() -> Path:
    """The Lambda venv's site-packages."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(subprocess.run([str(LAMBDA_PYTHON), "-c", code], capture_output=True, text=True).stdout.strip())


def runtime_dir(target: Path) -> Path:
    """A directory holding only the packages the Lambda runtime ships, linked from the Lambda venv."""
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_PACKAGES:
        (target / name).symlink_to(site_packages() / name)
    return target


def elf_machine(path: Path) -> int:
    """The ELF e_machine of a binary (0x3E x86-64, 0xB7 aarch64)."""
    with path.open("rb") as binary:
        header = binary.read(20)
    return int.from_bytes(header[18:20], "little")


def _foreign_tops(task: Path, host: int) -> set[str]:
    return {so.relative_to(task).parts[0] for so in task.rglob("*.so") if elf_machine(so) != host}


def host_overlay(task: Path, target: Path) -> Path:
    """A directory to put before `task` on sys.path: this machine's builds of every package with foreign binaries."""
    target.mkdir(parents=True, exist_ok=True)
    host = elf_machine(Path(sys.executable).resolve())
    for top in sorted(_foreign_tops(task, host)):
        if (task / top).is_dir():
            (target / top).symlink_to(site_packages() / top)
            continue
        module = top.split(".", 1)[0]  # a top-level extension module, e.g. _cffi_backend.cpython-313-aarch64-...
        for candidate in site_packages().glob(f"{module}.*.so"):
            (target / candidate.name).symlink_to(candidate)
    return target


def layer_view(extracted: Path, target: Path) -> Path:
    """A layer's package directory as this machine runs it: packages with foreign binaries swapped for host builds."""
    target.mkdir(parents=True, exist_ok=True)
    foreign = _foreign_tops(extracted, elf_machine(Path(sys.executable).resolve()))
    for entry in sorted(extracted.iterdir()):
        (target / entry.name).symlink_to(site_packages() / entry.name if entry.name in foreign else entry)
    return target
