"""Write a pack atomically: all or nothing, and only over what we wrote.

Everything is rendered in memory (or into a private temporary folder) first;
the organisation's folder is replaced only when the whole pack succeeded, so
a failed build leaves the previous output exactly as it was.

A folder is replaced only when policypack wrote it (the caller says how to
tell: a pack's manifest.json, the letters' marker file); anything else is
refused before a byte is written.  Runs that write the same folder take a
lock file beside it (``.<name>.lock``) and, holding it, remove what a killed
run left behind (``.<name>.building-*``, ``.<name>.old-*``).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager

from generator import locks
from generator.errors import BuildFailed

# A second run waits this long for the first to finish writing the same folder.
LOCK_WAIT_SECONDS = 15 * 60
# What a run leaves beside the folder it writes, if it is killed before it can clean up.
LEFTOVER_KINDS = ("building", "old", "writing")


def disk_fix(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "free some disk space (or ask for a bigger quota), or choose another folder with -o"
    if exc.errno == errno.EFBIG:
        return "a file-size limit stopped the write (ulimit -f): raise it, or ask your IT team"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "choose a folder you can write to with -o"
    return "check the folder's free space and permissions, or choose another with -o"


@contextmanager
def disk_errors(where: str):
    """A failed write (full disk, read-only folder, file-size limit) as a
    ``BuildFailed`` naming the path, instead of a crash."""
    try:
        yield
    except OSError as exc:
        raise write_failure(exc, where) from None


def write_failure(exc: OSError, where: str) -> BuildFailed:
    path = exc.filename if isinstance(exc.filename, str) else where
    return BuildFailed(f"cannot write {path}: {exc.strerror or exc}", disk_fix(exc))


def make_staging(out_dir: str, name: str) -> str:
    """A temporary folder beside the final one (same file system, so the
    final rename is atomic).  The caller removes it on failure (discard)."""
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise BuildFailed(f"cannot create the output folder {out_dir}: {exc.strerror}",
                          "choose another folder with -o") from None
    with disk_errors(out_dir):
        temp = tempfile.mkdtemp(prefix=f".{name}.building-", dir=out_dir)
        # mkdtemp makes the folder owner-only; a pack is for all staff to read.
        # (Letters, which hold family data, are written elsewhere, owner-only.)
        os.chmod(temp, 0o755)
    return temp


def discard(temp: str) -> None:
    shutil.rmtree(temp, ignore_errors=True)


@contextmanager
def staging(out_dir: str, name: str):
    """``make_staging`` as a context: the folder is removed on any failure."""
    temp = make_staging(out_dir, name)
    try:
        yield temp
    except BaseException:
        discard(temp)
        raise


def write_files(folder: str, files: dict[str, bytes], mode: int = 0o644) -> None:
    root = os.path.realpath(folder)
    for relative, data in files.items():
        target = os.path.join(folder, relative)
        # Names come from template data files (a document.yaml's slug): never outside the pack's folder.
        if os.path.isabs(relative) or not os.path.realpath(target).startswith(root + os.sep):
            raise BuildFailed(f"the document name '{relative}' leaves the output folder",
                              "a document's slug (in the template folder's document.yaml) must be a plain name "
                              "like my-policy, without '/' or '..'")
        with disk_errors(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(data)
            os.chmod(target, mode)


def swap_in(temp: str, final: str) -> None:
    """Replace ``final`` with ``temp`` (two renames; the old copy is removed last)."""
    old = None
    if os.path.exists(final):
        old = tempfile.mkdtemp(prefix=f".{os.path.basename(final)}.old-", dir=os.path.dirname(final))
        os.rmdir(old)
        os.rename(final, old)
    try:
        os.rename(temp, final)
    except BaseException:  # a failed rename, or a signal between the two renames: put the old one back
        if old:
            os.rename(old, final)
        raise
    if old:
        shutil.rmtree(old, ignore_errors=True)


def refuse_unless_ours(final: str, ours: Callable[[str], bool], shown: str | None = None, detail: str = "") -> None:
    """Raise unless ``final`` is absent, an empty folder, or a folder ``ours`` recognises.

    A link is never replaced (renaming it would replace the link, not what it
    points to) and a file is never deleted: both are refused, like a folder of
    someone else's files.  ``shown`` is the path as the user gave it;
    ``detail`` what was looked for.
    """
    if not os.path.lexists(final):
        return
    if not os.path.islink(final) and os.path.isdir(final):
        try:
            if not os.listdir(final) or ours(final):
                return
        except OSError:
            pass  # unreadable: not provably ours
    raise BuildFailed(f"{shown or final} holds files policypack did not write: move them or choose another -o"
                      + (f" ({detail})" if detail else ""))


class FolderLock:
    """One writer at a time for ``out_dir/name``: a lock file beside it, while a run writes.

    filelock's lock is released by the system when the process dies (even by
    SIGKILL), so a killed run never blocks the next one (its lock file stays;
    the next run takes and removes it).
    """

    def __init__(self, out_dir: str, name: str, wait: float = LOCK_WAIT_SECONDS) -> None:
        self.path = os.path.join(out_dir, f".{name}.lock")
        self.target = os.path.join(out_dir, name)
        self.wait = wait
        self._lock = None

    def acquire(self) -> FolderLock:
        self._lock = locks.acquire(
            self.path, timeout=self.wait, error=BuildFailed,
            busy=f"another policypack run is still writing {self.target} (it holds {self.path})",
            fix="wait for it to finish, then run again",
            unwritable_fix="choose an output folder you can write to with -o")
        return self

    def release(self) -> None:
        if self._lock is not None and self._lock.is_locked:
            if os.name != "nt":  # (on Windows filelock removes it itself)
                # Removed while still held: a run waiting on this file then finds it
                # unlinked and locks a new one (filelock checks), so no two runs ever
                # both hold the lock, and no lock file is left beside the output.
                try:
                    os.unlink(self.path)
                except OSError:
                    pass
            self._lock.release()

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def remove_leftovers(out_dir: str, name: str) -> list[str]:
    """Remove the staging folders a killed run left for ``out_dir/name``.

    Call it holding that folder's ``FolderLock``: then no live run is using them.
    """
    prefixes = tuple(f".{name}.{kind}-" for kind in LEFTOVER_KINDS)
    removed = []
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return sorted(removed)


def leftovers_notice(removed: list[str]) -> list[str]:
    if not removed:
        return []
    return [f"removed what an interrupted run left behind: {', '.join(removed)}"]
