"""Compiled templates kept on disk between runs.

Compiling policypack's ~250 templates (Jinja's parser and code generator,
then Python's compiler) is about a quarter of a one-profile build; the
result depends only on the template's text and the environment's code, so
it is kept in Jinja's own FileSystemBytecodeCache, in a private folder under
the user's cache folder (``~/.cache/policypack/templates`` on Linux, the
platform's own elsewhere, via platformdirs; ``POLICYPACK_CACHE_DIR`` moves it).  Not Jinja's default
``/tmp/_jinja2-cache-<uid>``: anyone can make that folder first, and then
every build crashed.  The folder is created owner-only (0700) and checked
before each run uses it (a real folder, not a link, ours, writable by nobody
else); if the check fails the templates are compiled afresh, with no cache.
Jinja checks the Python and Jinja versions of every entry.

Set POLICYPACK_NO_TEMPLATE_CACHE=1 to compile everything afresh.
"""

from __future__ import annotations

import hashlib
import os
import stat
from functools import lru_cache

from jinja2 import FileSystemBytecodeCache

from generator.userdirs import cache_root


@lru_cache(maxsize=1)
def _cache() -> FileSystemBytecodeCache | None:
    if os.environ.get("POLICYPACK_NO_TEMPLATE_CACHE"):
        return None
    folder = private_cache_folder()
    return FileSystemBytecodeCache(folder) if folder else None


def private_cache_folder() -> str | None:
    """``<user cache>/policypack/templates``, made owner-only; None when it is not safely ours."""
    app = str(cache_root())  # the one place that knows POLICYPACK_CACHE_DIR and each system's folder
    folder = os.path.join(app, "templates")
    try:
        os.makedirs(app, mode=0o700, exist_ok=True)
        if not os.path.lexists(folder):
            os.mkdir(folder, 0o700)
    except OSError:
        return None  # a read-only home, a full disk: no cache
    return folder if all(_private(path) for path in (app, folder)) else None


def _private(path: str) -> bool:
    """A real folder (not a link), owned by this user, that no one else may write to."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's own profile folder, protected by its ACL
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@lru_cache(maxsize=8)
def _fingerprint(env_class: type, options: str) -> str:
    """What else decides the generated code: our sandbox's code generator
    (its source file) and the environment's options."""
    import inspect

    source = inspect.getsource(inspect.getmodule(env_class))
    return hashlib.sha256((source + options).encode("utf-8")).hexdigest()[:24]


def compile_cached(env, source: str, compile_fresh):
    """The code object for ``source``: from the cache, or ``compile_fresh()``."""
    cache = _cache()
    if cache is None:
        return compile_fresh()
    options = repr((env.autoescape if isinstance(env.autoescape, bool) else "callable", env.trim_blocks,
                    env.lstrip_blocks, env.keep_trailing_newline, env.finalize is not None, env.optimized))
    # One cache entry per template text (Jinja keys entries on the name).
    key = f"policypack-{_fingerprint(type(env), options)}-{hashlib.sha256(source.encode('utf-8')).hexdigest()}"
    try:
        bucket = cache.get_bucket(env, key, None, source)
    except OSError:
        return compile_fresh()
    if bucket.code is None:
        bucket.code = compile_fresh()
        try:
            cache.set_bucket(bucket)
        except OSError:
            pass  # a full or read-only disk only costs the speed-up
    return bucket.code
