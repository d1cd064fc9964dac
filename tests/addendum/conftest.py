"""Fixtures for the emergency-closure addendum's tests (builders live in addendum_kit.py)."""

from __future__ import annotations

import pathlib
import shutil
import sys

import pytest

# Test modules here import the builders with "from addendum_kit import ...".
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from addendum_kit import TODAY  # noqa: E402
from helpers import ROOT  # noqa: E402

from generator import clock  # noqa: E402


@pytest.fixture(autouse=True)
def pinned_today():
    clock.set_today(TODAY)
    yield
    clock.set_today(None)


@pytest.fixture
def profiles(tmp_path) -> pathlib.Path:
    """A private copy of the repository's profiles/ folder (LA parents included)."""
    target = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", target)
    return target
