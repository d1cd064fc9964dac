"""Protecting letters: passwords, PDF conversion, owner-only writing.

Rules (seed 001; issue 5): the output folder is owner-only (0700) and so is
every file (0600); with a password, every byte written to the output folder
is encrypted: DOCX with msoffcrypto-tool (Office's own "Encrypt with
password"), PDF with pypdf (AES-256).  PDF conversion needs the DOCX on disk
for LibreOffice, so it happens in the one private plaintext folder of
``plaintext.py`` (0700, outside the output folder, removed whatever happens).
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager

from generator.errors import UserError

PASSWORD_ENV = "POLICYPACK_LETTER_PASSWORD"
MIN_PASSWORD = 8
MARKER = ".policypack-letters"  # says "policypack wrote this folder; it may replace it"
GITIGNORE = b"# Letters hold personal data: never commit them.\n*\n"


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters",
                        f"choose a longer one (set {PASSWORD_ENV}, or type it when asked)")
    return password


def encrypt_docx(data: bytes, password: str, salt: bytes | None = None) -> bytes:
    """``data`` encrypted as Word does ("Encrypt with password", ECMA-376 agile, AES-256)."""
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    encrypted = ECMA376Agile.encrypt(password, io.BytesIO(data), salt_value=salt)
    if not encrypted.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container, as Word writes
        raise RuntimeError("msoffcrypto did not produce an encrypted document")
    return encrypted


@contextmanager
def _one_key_derivation():
    """Derive the password key once for a batch, not once per file.

    Office derives the key from the password with 100,000 SHA-512 rounds
    (about 0.3 s a file in Python: 5 minutes for 1,000 letters).  Within a
    batch every file gets the same random password salt, so the derivation
    can be shared; each file still has its own random data key, data salt
    and verifier, and one password opens each file as before.
    """
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    original = ECMA376Agile.__dict__.get("_derive_iterated_hash_from_password")
    if not isinstance(original, staticmethod):  # another msoffcrypto: slower, still correct
        yield
        return
    derive = original.__func__
    cache: dict = {}

    def cached(password, salt, algorithm, spin):
        key = (password, salt, algorithm, spin)
        if key not in cache:
            cache[key] = derive(password, salt, algorithm, spin).digest()
        return _Digest(cache[key])

    ECMA376Agile._derive_iterated_hash_from_password = staticmethod(cached)
    try:
        yield
    finally:
        ECMA376Agile._derive_iterated_hash_from_password = original


class _Digest:
    """What the derivation returns: something with ``digest()``."""

    def __init__(self, value: bytes) -> None:
        self._value = value

    def digest(self) -> bytes:
        return self._value


def encrypt_pdf(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypt_all(items: list[tuple[str, bytes]], password: str, progress=None) -> list[bytes]:
    """Encrypt (kind, data) pairs: kind "docx" or "pdf"."""
    salt = secrets.token_bytes(16)
    done = []
    with _one_key_derivation():
        for kind, data in items:
            done.append(encrypt_docx(data, password, salt) if kind == "docx" else encrypt_pdf(data, password))
            if progress and (len(done) % 25 == 0 or len(done) == len(items)):
                progress(len(done), len(items))
    return done


def to_pdf(documents: dict[str, bytes], private: str, progress=None) -> dict[str, bytes]:
    """file name -> DOCX bytes, converted in ``private`` (a ``plaintext_folder``)."""
    from generator.docx.pdf import convert

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
            os.unlink(pdf)
        for path in paths[start:start + batch]:
            os.unlink(path)
        if progress:
            progress(min(start + batch, len(paths)), len(paths))
    return pdfs


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


def _refuse_build_output(folder: str) -> None:
    """Letters never go into a built pack: its folder is shared, published
    as the handbook, and replaced by the next build."""
    current = os.path.dirname(folder)
    while True:
        if os.path.isfile(os.path.join(current, "manifest.json")):
            raise UserError(f"{folder} is inside a built pack ({current}), which is shared and published",
                            "write letters to their own folder, e.g. the default letters-out/")
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def ignore_for_git(root: str) -> None:
    """Make ``root`` owner-only and invisible to git (family data must never
    be committed by accident)."""
    try:
        _make_private_dirs(root)
        marker = os.path.join(root, ".gitignore")
        if not os.path.exists(marker):
            _write_private(marker, GITIGNORE)
    except OSError as exc:
        raise UserError(f"cannot create the letters folder {root}: {exc.strerror}",
                        "run the command from a folder you can write to, or choose one with -o") from None


def check_target(folder: str) -> None:
    """Refuse, before any work, a folder ``write_folder`` would refuse at the end."""
    from generator.writer import refuse_unless_ours

    real = os.path.realpath(folder)
    _refuse_build_output(real)
    refuse_unless_ours(real, _ours, folder)


def write_folder(folder: str, files: dict[str, bytes], gitignore: bool = True) -> list[str]:
    """Write ``files`` as the whole content of ``folder``, all or nothing.

    A folder policypack did not write (no marker) is never replaced: choose
    an empty or new one.  A link given as the folder is followed.  With
    ``gitignore`` the folder gets its own .gitignore (a folder outside
    letters-out/, whose own .gitignore covers the default folders).  Returns notices for the user
    (leftovers of an interrupted run that were removed).
    """
    from generator.writer import FolderLock, refuse_unless_ours, remove_leftovers, swap_in

    shown = folder
    folder = os.path.realpath(folder)
    _refuse_build_output(folder)
    refuse_unless_ours(folder, _ours, shown)
    parent, name = os.path.split(folder)
    try:
        _make_private_dirs(parent)
        if not os.path.isdir(parent):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), parent)
        lock = FolderLock(parent, name).acquire()
    except OSError as exc:
        raise UserError(f"cannot create the output folder {shown}: {exc.strerror}",
                        "choose another folder with -o") from None
    try:
        refuse_unless_ours(folder, _ours, shown)
        removed = remove_leftovers(parent, name)
        temp = None
        try:
            temp = tempfile.mkdtemp(prefix=f".{name}.writing-", dir=parent)
            os.chmod(temp, 0o700)
            for file_name, data in files.items():
                _write_private(os.path.join(temp, file_name), data)
            _write_private(os.path.join(temp, MARKER), b"Letters written by policypack. Personal data: keep private.\n")
            if gitignore:
                _write_private(os.path.join(temp, ".gitignore"), GITIGNORE)
            swap_in(temp, folder)
        except OSError as exc:  # disk full, permissions: nothing is left half-written
            if temp:
                shutil.rmtree(temp, ignore_errors=True)
            raise UserError(f"cannot write the letters to {shown}: {exc.strerror}",
                            "check the free space and permissions of that folder, or choose another with -o") from None
        except BaseException:
            if temp:
                shutil.rmtree(temp, ignore_errors=True)
            raise
    finally:
        lock.release()
    return [f"removed what an interrupted run left behind: {', '.join(removed)}"] if removed else []


def _ours(folder: str) -> bool:
    marker = os.path.join(folder, MARKER)
    return os.path.isfile(marker) and not os.path.islink(marker)
