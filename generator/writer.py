"""Write a pack atomically: all or nothing.

Everything is rendered in memory (or into a private temporary folder) first;
the organisation's folder is replaced only when the whole pack succeeded, so
a failed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager

from generator.errors import BuildFailed


def make_staging(out_dir: str, name: str) -> str:
    """A temporary folder beside the final one (same file system, so the
    final rename is atomic).  The caller removes it on failure (discard)."""
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise BuildFailed(f"cannot create the output folder {out_dir}: {exc.strerror}",
                          "choose another folder with -o") from None
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
    except OSError:
        if old:
            os.rename(old, final)
        raise
    if old:
        shutil.rmtree(old, ignore_errors=True)
