"""Fixtures of the editor tests: a real editor server (uvicorn, in a thread)
on a copy of the profiles, and a real headless Chromium that may reach only
that server: every other request is blocked and recorded."""

from __future__ import annotations

import pathlib
import shutil
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from browser_kit import AXE, chromium, missing  # noqa: E402
from editor_kit import Running  # noqa: E402
from helpers import ROOT  # noqa: E402


@pytest.fixture
def serve(tmp_path):
    """serve(name) -> Running: the editor on tmp_path/profiles/<name> (copied profiles)."""
    profiles = tmp_path / "profiles"
    if not profiles.exists():
        shutil.copytree(ROOT / "profiles", profiles)
    running: list[Running] = []

    def start(name: str = "example.yaml") -> Running:
        editor = Running(str(profiles / name), str(tmp_path / "out"))
        running.append(editor)
        return editor

    yield start
    for editor in running:
        editor.stop()


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API allows one instance at a time, and
    # tests/handbook opens its own for the whole session after these.
    with chromium() as browser:
        yield browser


@pytest.fixture
def open_page(browser):
    """open_page(running, width) -> a page logged in through the printed address."""
    contexts, outside = [], []

    def opener(running: Running, width: int = 1280):
        # bypass_csp only so that the tests can inject axe-core; the page's own CSP is tested separately.
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        contexts.append(context)

        def route(route):
            if route.request.url.startswith(running.base + "/"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(running.address)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert outside == [], f"the editor requested outside URLs: {outside}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        missing(f"axe-core ({AXE})", "run npm ci at the repository root")
    return AXE.read_text(encoding="utf-8")
