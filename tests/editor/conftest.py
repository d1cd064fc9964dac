"""Fixtures of the editor tests: a real editor server (uvicorn, in a thread)
on a copy of the profiles, and a real headless Chromium that may reach only
that server: every other request is blocked and recorded."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time

import pytest
from helpers import ROOT

CHROMIUM = os.environ.get("POLICYPACK_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing(what: str, fix: str):
    """Skip locally; in CI (CI=true) a missing browser or axe-core is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI must run this test: {fix}")
    pytest.skip(f"{what} is missing: {fix}")


class Running:
    """An editor being served: its address, token, app state and profile path."""

    def __init__(self, profile: str, out_dir: str):
        import uvicorn

        from generator.editor.app import create_app
        from generator.editor.security import Keys
        from generator.editor.server import bind
        from generator.editor.session import Session

        self.profile = profile
        self.sock = bind(None)
        self.port = self.sock.getsockname()[1]
        self.keys = Keys()
        self.app, self.editor = create_app(Session.open(profile), self.port, self.keys, out_dir)
        self.base = f"http://127.0.0.1:{self.port}"
        self.address = f"{self.base}/?token={self.keys.token}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve(sockets=[self.sock])), daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


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


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python", "pip install -e '.[test]'")
    if not os.path.exists(CHROMIUM):
        missing(f"Chromium ({CHROMIUM})", "apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


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


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
                           WCAG_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]
