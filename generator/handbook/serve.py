"""Live preview: ``policypack handbook PROFILE --serve``.

A thin layer over MkDocs' own live-reload server: it serves the built site,
watches the profile's folder (which holds the profiles it extends), the
template folders and ``site/``, and rebuilds the whole handbook on a change.
A build that fails keeps the last good site and prints why.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from generator.errors import UserError
from generator.handbook.pages import SITE_DIR


def watched_paths(profile_path: str, template_dirs: tuple[str, ...] = ()) -> list[str]:
    from generator.sources.templates import builtin_dir

    paths = [os.path.dirname(os.path.abspath(profile_path)), builtin_dir(), str(SITE_DIR), *template_dirs]
    return [p for p in dict.fromkeys(os.path.abspath(p) for p in paths) if os.path.isdir(p)]


def check_not_watched(folder: str, watched: list[str]) -> None:
    """A site written inside a watched folder would trigger its own rebuild, forever."""
    target = os.path.realpath(folder)
    for path in watched:
        real = os.path.realpath(path)
        if target == real or target.startswith(real.rstrip(os.sep) + os.sep):
            raise UserError(f"the site folder {folder} is inside {path}, which --serve watches for changes",
                            "give -o a folder outside the profiles and template folders, e.g. -o /tmp/handbook")


def serve(profile_path: str, folder: str, rebuild: Callable[[], object], echo: Callable[[str], None],
          host: str = "127.0.0.1", port: int = 8000, template_dirs: tuple[str, ...] = ()) -> None:
    from mkdocs.livereload import LiveReloadServer

    def builder() -> None:
        try:
            rebuild()
            echo("handbook rebuilt")
        except UserError as exc:
            echo(f"error: {exc}\n  (still serving the last good build)")

    watched = watched_paths(profile_path, template_dirs)
    check_not_watched(folder, watched)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=os.path.abspath(folder))
    for path in watched:
        server.watch(path)
    echo(f"serving {folder} at {server.url} (Ctrl+C to stop); rebuilding when the profile or templates change")
    try:
        server.serve()
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        server.shutdown()
