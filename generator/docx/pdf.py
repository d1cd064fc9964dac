"""DOCX -> tagged PDF with LibreOffice: one soffice start per call, one
conversion per document.

LibreOffice runs policypack's macro (``convert.bas``), which converts every
DOCX of one folder and updates each contents list on the way, so that the
PDF shows the page of every heading.  So: every document of a call is
hard-linked (or copied, where links fail) under a unique name into one
private work folder, converted in batches of at most 200 (one start each;
the bound keeps a start well inside its time limit), each PDF checked, then
moved beside its DOCX.  No symbolic links (Windows refuses them without
administrator rights).

Work is done once: documents with the same bytes are converted once, and,
with ``cache=True`` (pack documents), a DOCX converted before is not
converted again (``pdf_cache``).  LibreOffice runs with a kept user profile
(``soffice.profile_slot``), so each batch starts it once, not twice.

Work folders are named ``policypack-pdf-*`` in the temporary folder and hold
a lock while in use; those left by a killed run (and the per-call profiles,
``policypack-lo-*``, of older versions) are removed by the next call.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.docx import lo_macro
from generator.docx.pdf_cache import PdfCache, file_sha256
from generator.docx.soffice import (
    TIMEOUT_SECONDS,
    prepare_profile,
    profile_slot,
    run_conversion,
    soffice,
)
from generator.errors import BuildFailed
from generator.locks import try_lock
from generator.userdirs import private_folder

__all__ = ["convert", "convert_many", "soffice"]

BATCH = 200
WORK_PREFIX = "policypack-pdf-"
OLD_PROFILE_PREFIX = "policypack-lo-"
IN_USE = ".in-use.lock"
STALE_SECONDS = 2 * TIMEOUT_SECONDS  # an unlocked leftover older than any live call
GRACE_SECONDS = 60  # a folder this young may be taking its lock this instant


def convert(docx_paths: list[str], *, cache: bool = False) -> list[str]:
    """Convert every DOCX to a PDF beside it, or raise BuildFailed."""
    done, failures = convert_many(docx_paths, cache=cache)
    if failures:
        path, why = next(iter(failures.items()))
        raise BuildFailed(f"LibreOffice did not convert {os.path.basename(path)} to PDF{failure_reason(why)}",
                          "open the DOCX in Word or LibreOffice to check it, then build again")
    return [done[path] for path in docx_paths]


def failure_reason(why: str) -> str:
    """`` (LibreOffice's words)`` for a message, or nothing."""
    return f" ({why})" if why else ""


def convert_many(docx_paths: list[str], *, cache: bool = False) -> tuple[dict[str, str], dict[str, str]]:
    """Convert what can be converted: ``({docx: pdf}, {docx that failed: why, or ""})``.

    ``cache=True`` reuses PDFs of DOCX files converted before; leave it off
    for documents holding personal data (letters), which must not be kept.
    """
    program = soffice()
    remove_leftovers()
    store = PdfCache.open(program, lo_macro.digest()) if cache else None
    done: dict[str, str] = {}
    by_content: dict[str, list[str]] = {}  # sha256 -> the DOCX files with those bytes
    for path in docx_paths:
        by_content.setdefault(file_sha256(path), []).append(path)
    todo = {}
    reasons: dict[str, str] = {}
    for digest, paths in by_content.items():
        first = _pdf_path(paths[0])
        if store is not None and store.fetch(digest, first):
            done[paths[0]] = first
        else:
            todo[digest] = paths[0]
    if todo:
        with _work_folder() as work:
            made, reasons = _convert_in(program, work, list(todo.values()))
        for digest, path in todo.items():
            if path in made:
                done[path] = made[path]
                if store is not None:
                    store.keep(digest, made[path])
        if store is not None:
            store.prune()
    for paths in by_content.values():  # the same bytes: the same PDF, copied
        if paths[0] in done:
            for twin in paths[1:]:
                shutil.copyfile(done[paths[0]], _pdf_path(twin))
                done[twin] = _pdf_path(twin)
    failures = {path: reasons.get(path, "") for path in docx_paths if path not in done}
    return done, failures


def _pdf_path(docx_path: str) -> str:
    return os.path.splitext(docx_path)[0] + ".pdf"


def _convert_in(program: str, work: str, docx_paths: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """``({docx: pdf}, {docx: why it failed})``; the macro converts every
    DOCX of its folder, so each batch has a folder of its own."""
    made: dict[str, str] = {}
    reasons: dict[str, str] = {}
    with _profile(program) as profile:
        for start in range(0, len(docx_paths), BATCH):
            batch = docx_paths[start:start + BATCH]
            folder = os.path.join(work, f"batch-{start // BATCH:04d}")
            os.mkdir(folder)
            names = [f"{start + index:05d}.docx" for index in range(len(batch))]
            for path, name in zip(batch, names):
                _link_or_copy(path, os.path.join(folder, name))
            run_conversion(program, profile, folder)
            by_name = dict(zip(names, batch))
            for line in lo_macro.errors(folder):
                name, _, why = line.partition(": ")
                if name in by_name:
                    reasons[by_name[name]] = why
            for path, name in zip(batch, names):
                pdf = os.path.join(folder, name[: -len(".docx")] + ".pdf")
                if _is_pdf(pdf):
                    target = _pdf_path(path)
                    _move(pdf, target)
                    made[path] = target
            shutil.rmtree(folder, ignore_errors=True)  # the copies: letters hold family data
    return made, reasons


def _link_or_copy(source: str, target: str) -> None:
    """A hard link costs nothing; across drives or on FAT it fails: copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _move(source: str, target: str) -> None:
    try:
        os.replace(source, target)  # replaces an old PDF on Windows too (os.rename would not)
    except OSError:  # another drive
        shutil.copyfile(source, target)
        os.unlink(source)


def _is_pdf(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


@contextmanager
def _profile(program: str) -> Iterator[Path]:
    """A kept profile from the user's cache folder; where there is none
    (a read-only home), a throw-away one (LibreOffice then starts twice:
    once to make the profile, once to convert)."""
    try:
        root = private_folder("libreoffice")
    except OSError:
        root = None
    if root is not None:
        with profile_slot(root) as folder:
            prepare_profile(program, folder)
            yield folder
        return
    folder = tempfile.mkdtemp(prefix=OLD_PROFILE_PREFIX)
    try:
        prepare_profile(program, Path(folder))
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _work_folder() -> Iterator[str]:
    """A private (0700) temporary folder, locked while this call uses it."""
    work = tempfile.mkdtemp(prefix=WORK_PREFIX)
    lock = try_lock(os.path.join(work, IN_USE))
    try:
        yield work
    finally:
        if lock is not None:
            lock.release()  # before removing: Windows cannot delete an open file
        shutil.rmtree(work, ignore_errors=True)


def remove_leftovers(folder: str | None = None) -> list[str]:
    """Remove work folders and old throw-away profiles that no live call is
    using (a killed run's); return what was removed."""
    folder = folder or tempfile.gettempdir()
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith((WORK_PREFIX, OLD_PROFILE_PREFIX)) or not _ours(entry):
            continue
        if _abandoned(entry.path):
            shutil.rmtree(entry.path, ignore_errors=True)
            if not os.path.exists(entry.path):
                removed.append(entry.path)
    return removed


def _ours(entry: os.DirEntry) -> bool:
    try:
        if not entry.is_dir(follow_symlinks=False):
            return False
        getuid = getattr(os, "getuid", None)  # Windows: the temporary folder is the user's own
        return getuid is None or entry.stat(follow_symlinks=False).st_uid == getuid()
    except OSError:
        return False


def _abandoned(path: str) -> bool:
    try:
        age = time.time() - os.stat(path).st_mtime
    except OSError:
        return False
    marker = os.path.join(path, IN_USE)
    if age > GRACE_SECONDS and os.path.exists(marker):
        lock = try_lock(marker)  # a live call holds it; a killed one's died with it
        if lock is None:
            return False
        lock.release()
        return True
    return age > STALE_SECONDS  # no lock: an older version's folder (or a young one)
