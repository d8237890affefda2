"""README.md and docs/*.md name only what the repository has: link targets, backticked paths, make targets.

The rule for paths: inside a code span, every whitespace-separated token made only of path characters is a path
when its first part is a top-level directory (`chalicelib/orders/checkout.py`, `infra/`, `tests/e2e`) or when it
ends in one of EXTENSIONS (`app.py`, `orders/dedup.py`: tried from the root, then from `chalicelib/`, as the docs
name a context's files). A `*` is a glob that must match something. Paths under a directory `.gitignore` lists
(`build/`, `bench/out/`, `.local/`) are made by the build, not committed, so they are not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXTENSIONS = (".py", ".json", ".toml", ".md", ".txt")
PACKAGES = ("bench", "chalicelib", "devstack", "infra", "tests")
FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
SPAN = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
MAKE = re.compile(r"\bmake[ \t]+(?:[A-Z_]+=\S*[ \t]+)*([a-z][\w-]*)")
MODULE = re.compile(r"\bpython3?\s+-m\s+([\w.]+)")
PATHLIKE = re.compile(r"^[\w.\-/*]+$")
TARGET = re.compile(r"^([A-Za-z][\w.-]*)\s*:(?!=)", re.MULTILINE)


def ignored_dirs() -> tuple[str, ...]:
    """The directories .gitignore lists (`build/`, `.local/` ...): what the build makes."""
    lines = (line.strip() for line in (ROOT / ".gitignore").read_text().splitlines())
    return tuple(line for line in lines if line.endswith("/") and not set("*?[!#") & set(line))


def make_targets() -> set[str]:
    """The targets the Makefile defines."""
    return set(TARGET.findall((ROOT / "Makefile").read_text()))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading anchor of a markdown text, duplicates numbered as GitHub numbers them."""
    seen: Counter[str] = Counter()
    found = set()
    for heading in HEADING.findall(FENCE.sub("", text)):
        base = slug(heading)
        found.add(base if not seen[base] else f"{base}-{seen[base]}")
        seen[base] += 1
    return found


def is_path(token: str, top_dirs: set[str]) -> bool:
    """Whether a token of a code span names a repository path (see the module's docstring)."""
    if not PATHLIKE.match(token) or token.startswith("/"):
        return False
    return ("/" in token and token.split("/")[0] in top_dirs) or token.endswith(EXTENSIONS)


def path_exists(token: str) -> bool:
    """A path (or glob) exists from the root or, for a context's file, from chalicelib/."""
    if token.startswith(ignored_dirs()):
        return True
    bases = [ROOT] if "/" in token and (ROOT / token.split("/")[0]).is_dir() else [ROOT, ROOT / "chalicelib"]
    if "*" in token:
        return any(any(base.glob(token)) for base in bases)
    return any((base / token).exists() for base in bases)


def module_exists(module: str) -> bool:
    """A `python -m` module of this repository is a file or a package with __main__ or __init__."""
    if module.split(".")[0] not in PACKAGES:
        return True  # the standard library's or a dependency's
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__main__.py").is_file() or (path / "__init__.py").is_file()


def _link_problems(prose: str, doc: Path) -> list[str]:
    problems = []
    for target in LINK.findall(prose):
        if re.match(r"^[a-z]+:", target):
            continue  # http(s), mailto: outside the repository
        file_part, _, anchor = target.partition("#")
        linked = (doc.parent / file_part).resolve() if file_part else doc
        if not linked.is_relative_to(ROOT):
            problems.append(f"link out of the repository (dead in a clone): {target}")
        elif not linked.exists():
            problems.append(f"link to a missing file: {target}")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked.read_text()):
            problems.append(f"link to a missing heading: {target}")
    return problems


def problems(text: str, doc: Path) -> list[str]:
    """What a markdown text at `doc` names that the repository does not have."""
    code = [m.group(0) for m in FENCE.finditer(text)]
    prose = FENCE.sub("", text)
    spans = [m.group(2) for m in SPAN.finditer(prose)]
    top_dirs = {p.name for p in ROOT.iterdir() if p.is_dir() and p.name != ".git"}
    found = _link_problems(SPAN.sub("", prose), doc)
    for token in {t for span in spans for t in span.split()}:
        if is_path(token, top_dirs) and not path_exists(token):
            found.append(f"missing path: {token}")
    commands = "\n".join([*spans, *code])
    found += [f"no such make target: {t}" for t in MAKE.findall(commands) if t not in make_targets()]
    found += [f"no such module: {m}" for m in MODULE.findall(commands) if not module_exists(m)]
    return sorted(set(found))


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_doc_names_only_files_targets_and_modules_that_exist(doc: Path) -> None:
    assert problems(doc.read_text(), doc) == []


def test_the_readme_links_every_doc() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(DOCS) > 1
    assert [d.name for d in DOCS[1:] if f"(docs/{d.name}" not in readme] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see `chalicelib/orders/nowhere.py`", "missing path: chalicelib/orders/nowhere.py"),
        ("the code is in `orders/nowhere.py`", "missing path: orders/nowhere.py"),
        ("run `.venv/bin/pytest tests/unit/test_nowhere.py`", "missing path: tests/unit/test_nowhere.py"),
        ("see `tests/functional/test_nowhere_*.py`", "missing path: tests/functional/test_nowhere_*.py"),
        ("run `make nowhere` first", "no such make target: nowhere"),
        ("```bash\nPORT=1 make STAGE=x nowhere\n```", "no such make target: nowhere"),
        ("run `python -m devstack.nowhere`", "no such module: devstack.nowhere"),
        ("read [this](nowhere.md)", "link to a missing file: nowhere.md"),
        ("the [contract](../../shared/api.md)", "link out of the repository (dead in a clone): ../../shared/api.md"),
        ("read [this](../README.md#no-such-heading)", "link to a missing heading: ../README.md#no-such-heading"),
    ],
)
def test_the_checker_reports_what_does_not_exist(text: str, expected: str) -> None:
    assert problems(text, ROOT / "docs" / "example.md") == [expected]


def test_the_checker_passes_what_exists_and_what_the_build_makes() -> None:
    text = (
        "`chalicelib/orders/checkout.py`, `orders/dedup.py`, `infra/`, `tests/functional/test_security_*.py`, "
        "`build/package/sam.json`, `make run`, `python -m devstack`, [up](../README.md#two-commands)\n"
        "```\n# a comment, not a heading\nmake test\n```\n"
    )
    assert problems(text, ROOT / "docs" / "example.md") == []
