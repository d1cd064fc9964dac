"""Run the editor: bind 127.0.0.1 only, print the one address, open the browser."""

from __future__ import annotations

import socket
import threading
import webbrowser

from generator.editor.app import create_app
from generator.editor.security import Keys
from generator.editor.session import Session
from generator.errors import UserError


def bind(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1 (never another interface); port 0: any free one."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port or 0))
    except OSError as exc:
        sock.close()
        raise UserError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}",
                        "choose another --port, or leave it out to use any free port") from None
    sock.listen(64)
    return sock


def serve(profile: str, port: int | None, open_browser: bool, out_dir: str, say) -> None:
    """Serve until Ctrl+C. ``say`` prints one line to the user."""
    import uvicorn

    session = Session.open(profile)
    sock = bind(port)
    chosen = sock.getsockname()[1]
    keys = Keys()
    app, _ = create_app(session, chosen, keys, out_dir)
    address = f"http://127.0.0.1:{chosen}/?token={keys.token}"
    say(address)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    server = uvicorn.Server(config)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(address,)).start()
    try:
        # uvicorn finishes the requests in flight on Ctrl+C (SIGINT) or SIGTERM,
        # then raises the signal again: that is the normal way to stop here.
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
