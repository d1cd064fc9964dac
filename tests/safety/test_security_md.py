"""SECURITY.md's table of limits says what the code enforces (issue 13's acceptance)."""

from __future__ import annotations

import importlib
import re

from helpers import ROOT


def limit_rows():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    section = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        found = re.fullmatch(r"\|([^|]+)\|([^|]+)\|\s*`([^`]+)`\s*`([A-Z_]+)`\s*\|", line.strip())
        if found:
            yield found.group(1).strip(), found.group(2), found.group(3), found.group(4)


def test_every_documented_limit_is_the_codes_value():
    rows = list(limit_rows())
    assert len(rows) >= 20
    for what, limit, path, name in rows:
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        value = getattr(module, name)
        if isinstance(value, re.Pattern):  # a pattern: its longest accepted value
            longest = max(n for n in range(1, 1000) if value.fullmatch("a" * n))
            value = longest
        numbers = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", limit)}
        assert float(value) in numbers, f"SECURITY.md says {limit.strip()} for {what}; the code says {value}"
