"""Fixtures of tests/speed (the kit lives in speed_kit.py)."""

from __future__ import annotations

import pathlib
import sys

import pytest

# Test modules here import the kit with "from speed_kit import ...".
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from speed_kit import Batch  # noqa: E402


@pytest.fixture
def batch(profiles_copy, tmp_path) -> Batch:
    return Batch(profiles_copy, tmp_path / "out")
