"""Where policypack keeps its own files for this user (not the user's packs).

The cache folder is the operating system's usual one (through
``platformdirs``): ``%LOCALAPPDATA%\\policypack\\Cache`` on Windows,
``~/Library/Caches/policypack`` on macOS, ``$XDG_CACHE_HOME/policypack`` or
``~/.cache/policypack`` elsewhere.  ``POLICYPACK_CACHE_DIR`` moves it (a
shared machine, a CI runner, a read-only home).

Folders made here are owner-only (0700 where the system has modes): they
hold LibreOffice's profile and converted documents.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

CACHE_ENV = "POLICYPACK_CACHE_DIR"


def cache_root() -> Path:
    """The cache folder (it may not exist yet)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("policypack", appauthor=False))


def private_folder(*parts: str) -> Path:
    """``cache_root()/parts...``, created owner-only if needed.

    Raises ``OSError`` when it cannot be created, or when it belongs to
    another account (someone else could then read or plant files in it);
    callers fall back to working without the cache.
    """
    folder = cache_root().joinpath(*parts)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    getuid = getattr(os, "getuid", None)  # absent on Windows, where the profile folder is private already
    if getuid is not None:
        if info.st_uid != getuid():
            raise PermissionError(f"{folder} belongs to another account")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(folder, 0o700)
    return folder
