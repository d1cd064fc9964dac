"""Helpers of the editor tests: the server in a thread (browser_kit has Chromium and axe-core)."""

from __future__ import annotations

import asyncio
import threading
import time


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


