"""Cross-process file locks that work on Windows, macOS and Linux.

One helper over ``filelock`` (the library pip, tox and virtualenv lock with):
it uses ``msvcrt`` locking on Windows and ``fcntl.flock`` elsewhere, so no
module of policypack imports a POSIX-only module.  The operating system
releases the lock when the holder dies, so a killed run never leaves a lock
behind that blocks the next one (the lock *file* may stay; it is harmless).

Callers say what is locked and how to get out of a timeout; the error is a
``UserError`` so the CLI prints it as one line and a fix.
"""

from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from typing import Iterator

from generator.errors import UserError

with warnings.catch_warnings():
    # Off Windows, without fcntl, filelock falls back to lock files that exist
    # or not ("soft" locks) and says so once at import; that fallback is fine
    # for us and the warning would only alarm a user.
    warnings.filterwarnings("ignore", message="only soft file lock", category=UserWarning)
    import filelock


def acquire(path: str | os.PathLike, *, timeout: float, busy: str, fix: str, unwritable_fix: str,
            error: type[UserError] = UserError, mode: int = 0o644) -> filelock.BaseFileLock:
    """The exclusive lock on ``path`` (created if needed), held until the caller
    releases it; for a lock held across calls (``writer.FolderLock``).

    Waits up to ``timeout`` seconds (0: do not wait) for another holder, then
    raises ``error(busy, fix)``; a lock file that cannot be created raises
    ``error`` naming it, with ``unwritable_fix``.
    """
    lock = filelock.FileLock(os.fspath(path), timeout=timeout, mode=mode)
    try:
        lock.acquire(poll_interval=0.02)
    except filelock.Timeout:
        raise error(busy, fix) from None
    except OSError as exc:
        raise error(f"Cannot create the lock file {os.fspath(path)}: {exc.strerror or exc}.", unwritable_fix) from None
    return lock


@contextmanager
def file_lock(path: str | os.PathLike, *, timeout: float, busy: str, fix: str) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) for the ``with`` body
    (``acquire``'s rules, ``UserError``s)."""
    lock = acquire(path, timeout=timeout, busy=busy, fix=fix,
                   unwritable_fix="make the folder writable, or work on a copy in a folder you can write to")
    try:
        yield
    finally:
        lock.release()


def try_lock(path: str | os.PathLike):
    """The lock on ``path`` if nobody holds it now (the caller releases it), else None.

    For "is anyone still using this?" questions, such as whether a work folder
    left in the temporary folder belongs to a live run.
    """
    lock = filelock.FileLock(os.fspath(path), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except (filelock.Timeout, OSError):
        return None
    return lock
