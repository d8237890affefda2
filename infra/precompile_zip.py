"""Add bytecode to a Lambda deployment zip so cold starts do not compile every module, and drop what never runs.

/var/task is read-only, so without .pyc files in the zip Python compiles each imported module on
every cold start. Unchecked-hash pycs stay valid whatever timestamps the unzip gives the sources.
Usage: python infra/precompile_zip.py build/package/deployment.zip
"""

from __future__ import annotations

import compileall
import os
import py_compile
import sys
import tempfile
import zipfile
from pathlib import Path

# Bundled as argon2-cffi-bindings' dependencies, never imported: its compiled bindings load cffi's _cffi_backend
# extension (kept) alone, not the cffi package that builds bindings nor its C parser. ~430 KB of the zip.
UNUSED = ("cffi/", "pycparser/")


def precompile(deployment: Path) -> None:
    """Rewrite the zip with a __pycache__ entry beside every module, without the UNUSED packages."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with zipfile.ZipFile(deployment) as archive:
            archive.extractall(root, [name for name in archive.namelist() if not name.startswith(UNUSED)])
        compileall.compile_dir(
            root, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH, workers=os.cpu_count() or 1
        )
        rebuilt = deployment.with_suffix(".tmp")
        with zipfile.ZipFile(rebuilt, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo(str(path.relative_to(root)), date_time=(1980, 1, 1, 0, 0, 0))
                    info.external_attr = 0o644 << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    # The strongest deflate: the zip is unpacked on every cold start, its size is checked (12 MiB).
                    archive.writestr(info, path.read_bytes(), compresslevel=9)
        rebuilt.replace(deployment)


if __name__ == "__main__":
    precompile(Path(sys.argv[1]))
