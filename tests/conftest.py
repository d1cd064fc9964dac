"""Fixtures shared by every test folder.

Each test runs with its own HOME and working directory (tmp_path), and a
pinned date, so nothing leaks between tests or depends on the day of the run.
"""

from __future__ import annotations

import pathlib
import shutil

import pytest
from helpers import ROOT  # noqa: E402  (tests/ is on pythonpath)

from generator import clock

PINNED_TODAY = "2026-11-23"


@pytest.fixture(scope="session")
def _template_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch, _template_cache):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    # One compiled-template cache for the whole session (it would be cold under each test's HOME).
    monkeypatch.setenv("XDG_CACHE_HOME", str(_template_cache))
    monkeypatch.setenv("POLICYPACK_TODAY", PINNED_TODAY)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("POLICYPACK_PROFILES_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    clock.set_today(None)
    yield
    clock.set_today(None)


@pytest.fixture
def repo_root() -> pathlib.Path:
    return ROOT


@pytest.fixture
def profiles_copy(tmp_path) -> pathlib.Path:
    """A private copy of profiles/ (tests may edit it)."""
    target = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", target)
    return target


