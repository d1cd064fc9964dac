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
    return subprocess.run([*POLICYPACK, *args], cwd=cwd, env={**os.environ, **(env or {})}, input=input,
                          capture_output=True, text=True, timeout=timeout)


def key_paths(data, prefix=()):
    """Every key path inside ``data`` (nested dicts and lists), ``prefix`` first."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from key_paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from key_paths(value, prefix + (index,))
