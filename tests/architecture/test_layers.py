"""The package's layers, checked: imports only go down, and there are no cycles.

A newcomer follows a profile downward through the code without doubling
back: every module's imports (at module level or inside functions) name a
package of its own layer or a lower one.  docs/architecture.md names every
package listed here.
"""

from __future__ import annotations

import ast
import pathlib

from helpers import ROOT

PACKAGE = ROOT / "generator"

# Lowest first.  A module may import its own package and anything below it.
LAYERS = (
    ("generator", "generator.errors", "generator.clock", "generator.yamlload", "generator.writer", "generator.locks",
     "generator.userdirs", "generator.filenames"),
    ("generator.sources", "generator.store"),
    ("generator.profile",),
    ("generator.render",),
    ("generator.docx",),
    ("generator.documents",),
    ("generator.handbook",),
    ("generator.pack",),
    ("generator.review",),
    ("generator.templates_check", "generator.editor", "generator.doctor"),
    ("generator.cli", "generator.__main__"),
)
MAX_LINES = 420


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, pathlib.Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str, path: pathlib.Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: -node.level] if path.name != "__init__.py" else name.split(".")[: len(name.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.update(f"{module}.{alias.name}" for alias in node.names)
            found.add(module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "generator" or m.startswith("generator.")}


def _layer(module: str) -> int:
    best, index = -1, None
    for number, names in enumerate(LAYERS):
        for prefix in names:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, index = len(prefix), number
    assert index is not None, f"{module} is in no layer: add its package to LAYERS and docs/architecture.md"
    return index


def _own_package(module: str) -> str:
    for names in LAYERS:
        for prefix in names:
            if prefix != "generator" and (module == prefix or module.startswith(prefix + ".")):
                return prefix
    return module


def test_imports_only_go_down_the_layers():
    modules = _modules()
    upward = []
    for name, path in modules.items():
        for target in _imports(name, path):
            if target not in modules and target.rsplit(".", 1)[0] in modules:
                target = target.rsplit(".", 1)[0]  # `from generator.x import name`
            if target not in modules:
                continue
            if _layer(target) > _layer(name):
                upward.append(f"{name} imports {target}")
    assert upward == []


def test_no_import_cycles_between_modules():
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        targets = set()
        for target in _imports(name, path):
            if target not in modules and target.rsplit(".", 1)[0] in modules:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name and not name.startswith(target + "."):
                targets.add(target)
        graph[name] = targets
    state: dict[str, int] = {}
    cycles = []

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]) if nxt in trail else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_module_is_a_god_module():
    too_long = {name: n for name, path in _modules().items()
                if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert too_long == {}


def test_architecture_doc_names_every_package():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = sorted({_own_package(name) for name in _modules()} - {"generator", "generator.__main__"})
    missing = [p for p in packages if f"generator/{p.split('.', 1)[1].replace('.', '/')}" not in text]
    assert missing == []
    for named in ("generator/errors.py", "generator/clock.py", "generator/yamlload.py", "generator/writer.py"):
        assert named in text
