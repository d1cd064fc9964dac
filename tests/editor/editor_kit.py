"""Helpers of the editor tests: the server in a thread, axe-core."""

from __future__ import annotations

import asyncio
import os
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



def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
                           WCAG_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]
