"""Compiled templates kept on disk between runs.

Compiling policypack's ~250 templates (Jinja's parser and code generator,
then Python's compiler) is about a quarter of a one-profile build; the
result depends only on the template's text and the environment's code, so
it is kept in Jinja's own FileSystemBytecodeCache.  That cache lives in a
per-user folder it creates owner-only (0700) and refuses to use if anyone
else owns it, and it checks the Python and Jinja versions of every entry.

Set POLICYPACK_NO_TEMPLATE_CACHE=1 to compile everything afresh.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from jinja2 import FileSystemBytecodeCache


@lru_cache(maxsize=1)
def _cache() -> FileSystemBytecodeCache | None:
    if os.environ.get("POLICYPACK_NO_TEMPLATE_CACHE"):
        return None
    try:
        return FileSystemBytecodeCache()
    except RuntimeError:  # the cache folder is not safely ours: compile every time
        return None


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
