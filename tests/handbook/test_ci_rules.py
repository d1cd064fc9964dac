"""In CI (CI=true) a missing Chromium or axe-core fails the browser tests; locally they skip."""

from __future__ import annotations

import pytest
from browser_kit import missing


def test_missing_tool_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run this test"):
        missing("Chromium", "apt-get install chromium")


def test_missing_tool_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        missing("axe-core", "npm ci")
