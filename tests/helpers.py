"""Helpers for tests in every folder (importable as `helpers`)."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
POLICYPACK = [sys.executable, "-m", "generator"]


def require_tool(name: str) -> str:
    """The path of an external program; in CI a missing one fails the test."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is not installed, and CI must run this test")
    pytest.skip(f"{name} is not installed")


def run_cli(*args: str, cwd=None, env=None, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real `policypack` in a subprocess (exit codes, stderr, no traceback)."""
    # UTF-8 both ways, on every system (a Windows pipe would otherwise carry the code page)
    return subprocess.run([*POLICYPACK, *args], cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
                          input=input,
                          capture_output=True, text=True, timeout=timeout, encoding="utf-8")


def key_paths(data, prefix=()):
    """Every key path inside ``data`` (nested dicts and lists), ``prefix`` first."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from key_paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from key_paths(value, prefix + (index,))


def docx_text(document) -> str:
    """Every piece of text of a DOCX (a python-docx Document, or its bytes):
    body, tables, headers and footers."""
    import io

    import docx

    if isinstance(document, (bytes, bytearray)):
        document = docx.Document(io.BytesIO(document))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        for story in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            parts += [p.text for p in story.paragraphs]
            for table in story.tables:
                parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def profile_variant(folder: pathlib.Path, changes: dict | None = None, remove: tuple[str, ...] = (),
                    source: str = "example.yaml", name: str | None = None) -> pathlib.Path:
    """A copy of a shipped profile with some values changed, in ``folder/profiles``.

    ``changes`` maps dotted key paths (``review.owner``, ``people.deputy_dsls``)
    to new values; ``remove`` lists key paths to delete.  The LA files are
    copied too, so ``extends:`` still resolves.  One helper for every test that
    needs a profile a little different from the example (no regexes on YAML).
    """
    import yaml

    profiles = folder / "profiles"
    if not profiles.exists():
        shutil.copytree(ROOT / "profiles", profiles)
    data = yaml.safe_load((ROOT / "profiles" / source).read_text(encoding="utf-8"))

    def walk(path: str):
        node, keys = data, path.split(".")
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        return node, keys[-1]

    for path, value in (changes or {}).items():
        node, key = walk(path)
        node[key] = value
    for path in remove:
        node, key = walk(path)
        node.pop(key, None)
    target = profiles / (name or source)
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target
