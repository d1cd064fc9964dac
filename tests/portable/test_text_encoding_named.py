"""Every text file policypack (and its test suite) opens names its encoding.

Without one, Python uses the locale's: cp1252 on many Windows machines, so a
profile with "Zoë" or a template with "–" would read or write differently
there.  The suite runs with -X warn_default_encoding to catch this at run
time; this scan also covers code the tests do not run.
"""

from __future__ import annotations

import ast

from helpers import ROOT

TEXT_CALLS = ("read_text", "write_text", "open", "run", "Popen", "check_output", "TextIOWrapper")


def _unnamed(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or any(k.arg == "encoding" for k in node.keywords):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in TEXT_CALLS:
            continue
        if name == "read_text" and not node.args:
            yield node.lineno, name
        elif name == "write_text" and len(node.args) < 2:
            yield node.lineno, name
        elif name == "open" and isinstance(func, ast.Name):
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            if not (isinstance(mode, ast.Constant) and "b" in str(mode.value)):
                yield node.lineno, name
        elif name in ("run", "Popen", "check_output") and any(
                k.arg in ("text", "universal_newlines") for k in node.keywords):
            yield node.lineno, f"{name}(text=True)"
        elif name == "TextIOWrapper":
            yield node.lineno, name


def test_every_text_open_names_its_encoding():
    found = [f"{path.relative_to(ROOT)}:{line}: {call}"
             for folder in ("generator", "tests", "tools", "bench")
             for path in sorted((ROOT / folder).rglob("*.py"))
             for line, call in _unnamed(path)]
    found += [f"dev.py:{line}: {call}" for line, call in _unnamed(ROOT / "dev.py")]
    assert found == []
