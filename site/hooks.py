"""MkDocs hooks of the staff handbook (listed under ``hooks:`` in mkdocs.yml).

Compiling Material's Jinja templates is most of a handbook build (about 1.2
of 2 s). Jinja's bytecode cache keeps the compiled templates: in memory for
the next build in the same process, and on disk for the next process (the
default folder is private to the user: Jinja creates it 0700 and refuses one
owned by someone else).
"""

from __future__ import annotations

import jinja2

_cache: jinja2.BytecodeCache | None = None


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    global _cache
    if _cache is None:
        try:
            _cache = jinja2.FileSystemBytecodeCache()
        except (OSError, RuntimeError):  # no usable temporary folder: compile as usual
            return env
    env.bytecode_cache = _cache
    return env
