"""Fixtures for the parent letters: a profile with private numbers, and
families CSVs written into tmp_path (fictional names only: family data is
never committed)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from letters_kit import SETTING  # noqa: E402

from generator.documents.letters.secure import PASSWORD_ENV  # noqa: E402


@pytest.fixture(autouse=True)
def _no_password(monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)


@pytest.fixture
def profile(profiles_copy) -> pathlib.Path:
    path = profiles_copy / "brookside.yaml"
    path.write_text(SETTING, encoding="utf-8")
    return path


@pytest.fixture
def write_csv(tmp_path):
    def _write(text: str, name: str = "families.csv", encoding: str = "utf-8") -> pathlib.Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


