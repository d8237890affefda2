"""What a handler module can touch, read statically from the import statements it reaches (lazy ones included).

A function's role is derived from this, not kept by hand:
- tables: every `table_meta("name")` (a pynamodb model's Meta) and `<settings>.table("name")` in a reached module;
  `chalicelib.core.storage`'s own counters table only where a reached module imports `next_id` or `CounterModel`;
- queues sent to: every module-level `QUEUE = "name"` in a reached module;
- Scheduler: `chalicelib.core.schedules` reached; SNS/SES: `chalicelib.notifications.providers` reached;
- Alipay (its settings and the app's private key's secret): `chalicelib.payments.settings` reached;
- QQ login (its settings and the app's secret): `chalicelib.oauth.settings` reached;
- the captcha (its settings and Tencent's keys): `chalicelib.captcha.settings` reached;
- Redis (and so the VPC): a reached module other than `chalicelib.core.clients` calls `get_redis()`;
- the media bucket: every module-level `MEDIA_GRANT = ("s3:<Action>", "<key pattern>")` in a reached module
  (presigning a form signs for the caller, so the role must hold the action the form's user will use).
Imports under `if TYPE_CHECKING:` never run and are not followed. Nothing is imported, so this runs anywhere.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "chalicelib"
SCHEDULER_MODULE = "chalicelib.core.schedules"
NOTIFY_MODULE = "chalicelib.notifications.providers"
ALIPAY_MODULE = "chalicelib.payments.settings"
QQ_MODULE = "chalicelib.oauth.settings"
CAPTCHA_MODULE = "chalicelib.captcha.settings"
CLIENTS_MODULE = "chalicelib.core.clients"
# Modules whose tables count only where a reached module imports one of these names from them.
LIBRARY_TABLES = {"chalicelib.core.storage": frozenset({"next_id", "CounterModel"})}


@dataclass
class ModuleFacts:
    """What one module's source says: the chalicelib modules it imports (with the names), tables and queue."""

    imports: dict[str, set[str]] = field(default_factory=dict)
    tables: set[str] = field(default_factory=set)
    queue: str | None = None
    redis: bool = False
    media: tuple[str, str] | None = None


@dataclass(frozen=True)
class Usage:
    """What a handler module reaches: logical table and queue names, and the outside services it calls."""

    modules: frozenset[str]
    tables: frozenset[str]
    queues: frozenset[str]
    scheduler: bool
    notify: bool
    redis: bool
    media: frozenset[tuple[str, str]] = frozenset()
    alipay: bool = False
    qq: bool = False


def source_of(module: str) -> Path | None:
    """The file of a chalicelib module or package, if it exists."""
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _literal_arg(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


class _Reader(ast.NodeVisitor):
    def __init__(self) -> None:
        self.facts = ModuleFacts()

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] == PACKAGE:
                self.facts.imports.setdefault(alias.name, set())

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module and node.module.split(".")[0] == PACKAGE:
            names = {alias.name for alias in node.names}
            self.facts.imports.setdefault(node.module, set()).update(names)
            for name in names:  # `from chalicelib.x import y` imports module chalicelib.x.y when there is one
                if source_of(f"{node.module}.{name}"):
                    self.facts.imports.setdefault(f"{node.module}.{name}", set())

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        named = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        table = _literal_arg(node) if named in ("table_meta", "table") else None
        if table:
            self.facts.tables.add(table)
        self.facts.redis = self.facts.redis or named == "get_redis"
        self.generic_visit(node)


@cache
def facts_of(module: str) -> ModuleFacts:
    """The facts of one module's source (empty for a module outside the repository)."""
    path = source_of(module)
    if path is None:
        return ModuleFacts()
    tree = ast.parse(path.read_text(), str(path))
    reader = _Reader()
    reader.visit(tree)
    for node in tree.body:
        names = {t.id for t in node.targets if isinstance(t, ast.Name)} if isinstance(node, ast.Assign) else set()
        if "QUEUE" in names and isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            reader.facts.queue = str(node.value.value)
        if "MEDIA_GRANT" in names and isinstance(node, ast.Assign):
            action, keys = ast.literal_eval(node.value)
            reader.facts.media = (str(action), str(keys))
    return reader.facts


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def reached(module: str) -> frozenset[str]:
    """Every chalicelib module importing `module` runs, its parent packages included."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        if current in seen or source_of(current) is None:
            continue
        seen.add(current)
        todo.extend(_parents(current))
        todo.extend(facts_of(current).imports)
    return frozenset(seen)


def usage(module: str) -> Usage:
    """What a handler module reaches and so may touch."""
    modules = reached(module)
    tables: set[str] = set()
    queues: set[str] = set()
    media: set[tuple[str, str]] = set()
    redis = False
    for name in modules:
        facts = facts_of(name)
        gate = LIBRARY_TABLES.get(name)
        if gate is None or any(gate & facts_of(other).imports.get(name, set()) for other in modules):
            tables |= facts.tables
        if facts.queue:
            queues.add(facts.queue)
        if facts.media:
            media.add(facts.media)
        redis = redis or (facts.redis and name != CLIENTS_MODULE)
    scheduler, notify = SCHEDULER_MODULE in modules, NOTIFY_MODULE in modules
    media_grants, alipay, qq = frozenset(media), ALIPAY_MODULE in modules, QQ_MODULE in modules
    return Usage(modules, frozenset(tables), frozenset(queues), scheduler, notify, redis, media_grants, alipay, qq)
