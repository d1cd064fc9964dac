"""Protecting letters: passwords, PDF conversion, owner-only writing.

Rules (seed 001; issue 5): the output folder is owner-only (0700) and so is
every file (0600); with a password, every byte written to the output folder
is encrypted: DOCX with msoffcrypto-tool (Office's own "Encrypt with
password"), PDF with pypdf (AES-256).  PDF conversion needs the DOCX on disk
for LibreOffice, so it happens in a private temporary folder (0700) outside
the output folder, removed afterwards whatever happens.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor

from generator.errors import UserError

PASSWORD_ENV = "POLICYPACK_LETTER_PASSWORD"
MIN_PASSWORD = 8
MARKER = ".policypack-letters"  # says "policypack wrote this folder; it may replace it"


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters",
                        f"choose a longer one (set {PASSWORD_ENV}, or type it when asked)")
    return password


def encrypt_docx(data: bytes, password: str) -> bytes:
    import msoffcrypto.format.ooxml

    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def encrypt_pdf(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypt_one(item):
    kind, data, password = item
    return encrypt_docx(data, password) if kind == "docx" else encrypt_pdf(data, password)


def encrypt_all(items: list[tuple[str, bytes]], password: str, progress=None) -> list[bytes]:
    """Encrypt (kind, data) pairs, in parallel: Office encryption derives each
    file's key with 100,000 hash rounds (tens of ms a file)."""
    done = []
    if len(items) < 8:
        for kind, data in items:
            done.append(_encrypt_one((kind, data, password)))
            if progress:
                progress(len(done), len(items))
        return done
    workers = min(os.cpu_count() or 1, 8)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_encrypt_one, ((k, d, password) for k, d in items), chunksize=8):
            done.append(result)
            if progress:
                progress(len(done), len(items))
    return done


def to_pdf(documents: dict[str, bytes], progress=None) -> dict[str, bytes]:
    """file name -> DOCX bytes, converted in a private temporary folder."""
    from generator.pdf import convert

    private = tempfile.mkdtemp(prefix="policypack-letters-")  # 0700, outside the output folder
    try:
        paths = []
        for name, data in documents.items():
            path = os.path.join(private, name)
            _write_private(path, data)
            paths.append(path)
        pdfs = {}
        batch = 100
        for start in range(0, len(paths), batch):
            for pdf in convert(paths[start:start + batch]):
                with open(pdf, "rb") as handle:
                    pdfs[os.path.splitext(os.path.basename(pdf))[0] + ".pdf"] = handle.read()
            if progress:
                progress(min(start + batch, len(paths)), len(paths))
        return pdfs
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _write_private(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def _make_private_dirs(folder: str) -> None:
    """Create ``folder`` and missing parents owner-only (existing ones are left alone)."""
    missing = []
    current = os.path.abspath(folder)
    while not os.path.exists(current):
        missing.append(current)
        current = os.path.dirname(current)
    for path in reversed(missing):
        os.mkdir(path, 0o700)
        os.chmod(path, 0o700)


def write_folder(folder: str, files: dict[str, bytes]) -> None:
    """Write ``files`` as the whole content of ``folder``, all or nothing.

    A folder policypack did not write (no marker) is never replaced: choose
    an empty or new one.
    """
    folder = os.path.abspath(folder)
    if os.path.exists(folder):
        if not os.path.isdir(folder):
            raise UserError(f"{folder} is a file, not a folder", "choose another output folder with -o")
        if os.listdir(folder) and not os.path.isfile(os.path.join(folder, MARKER)):
            raise UserError(f"{folder} already holds files that policypack did not write",
                            "choose a new or empty folder with -o")
    parent = os.path.dirname(folder)
    try:
        _make_private_dirs(parent)
        temp = tempfile.mkdtemp(prefix=f".{os.path.basename(folder)}.writing-", dir=parent)
    except OSError as exc:
        raise UserError(f"cannot create the output folder {folder}: {exc.strerror}",
                        "choose another folder with -o") from None
    try:
        os.chmod(temp, 0o700)
        for name, data in files.items():
            _write_private(os.path.join(temp, name), data)
        _write_private(os.path.join(temp, MARKER), b"Letters written by policypack. Personal data: keep private.\n")
        from generator.writer import swap_in

        swap_in(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
