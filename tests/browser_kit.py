"""What every browser test shares (importable as ``browser_kit``): where
Chromium and axe-core are, what a missing one means, and an axe-core check."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from helpers import ROOT

# Debian's binary, or its launcher script (the one distributions without the first have).
CHROMIUM = os.environ.get("POLICYPACK_CHROMIUM") or next(
    (path for path in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if os.path.exists(path)),
    "/usr/lib/chromium/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing(what: str, fix: str):
    """Skip locally; in CI (CI=true) a missing browser or axe-core is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI must run this test: {fix}")
    pytest.skip(f"{what} is missing: {fix}")


@contextmanager
def chromium() -> Iterator:
    """Headless Chromium through Playwright, or ``missing``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python", "pip install -e '.[test]'")
    if not os.path.exists(CHROMIUM):
        missing(f"Chromium ({CHROMIUM})", "apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
                           WCAG_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]
